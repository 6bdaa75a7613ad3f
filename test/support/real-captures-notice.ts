/**
 * Once per test run: says why the tests over the real captured pages are skipped, when they are
 * (../shared/fixtures is not beside this clone). A skip nobody explains looks like a pass.
 */
import { REAL_CAPTURES, REAL_CAPTURES_LOOKED_IN } from '../unit/crawler/real-captures';

export default function notice(): void {
  if (REAL_CAPTURES) return;
  console.warn(
    `Skipping the tests over real captured pages (test/unit/crawler: sources, block): no captures in ${REAL_CAPTURES_LOOKED_IN.join(' or ')}. ` +
      'They are reference material kept beside the repository, not in it; the rest of the suite does not need them.',
  );
}
