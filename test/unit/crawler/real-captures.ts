/**
 * The reference captures beside the repository (../shared/fixtures/real), when present; worktrees sit
 * one level deeper. REAL_CAPTURES_DIR names another folder instead (one that does not exist runs the
 * suite as a clone without the captures would). Tests that read them are skipped without them, and
 * the run says so once (test/support/real-captures-notice.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../..');
const candidates = process.env.REAL_CAPTURES_DIR ? [resolve(process.env.REAL_CAPTURES_DIR)] : [join(repo, '../shared/fixtures/real'), join(repo, '../../shared/fixtures/real')];
export const REAL_CAPTURES = candidates.find((p) => existsSync(p)) ?? null;
/** Where the captures were looked for, to say so when they are not there. */
export const REAL_CAPTURES_LOOKED_IN = candidates;

export function readCapture(path: string): string {
  return readFileSync(join(REAL_CAPTURES!, path), 'utf8');
}
