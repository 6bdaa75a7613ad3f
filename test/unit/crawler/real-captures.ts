/** The reference captures beside the repository (../shared/fixtures/real), when present; worktrees sit one level deeper. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../..');
export const REAL_CAPTURES = [join(repo, '../shared/fixtures/real'), join(repo, '../../shared/fixtures/real')].find((p) => existsSync(p)) ?? null;

export function readCapture(path: string): string {
  return readFileSync(join(REAL_CAPTURES!, path), 'utf8');
}
