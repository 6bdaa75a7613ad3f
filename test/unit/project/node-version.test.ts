/**
 * The Node.js version package.json promises (`engines`, and the README's "Node.js 20.19 or later")
 * is one every installed package accepts: a dependency that asks for a newer Node (as @middy/core 7
 * asks for 22) would break `npm ci` with engine-strict or fail at run time on the promised version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[]; cpu?: string[] }>;
};

/** Packages npm installs here (optional ones for other platforms are skipped by npm, and so here). */
function installedHere(name: string, entry: (typeof lock.packages)[string]): boolean {
  if (!name) return false;
  if (entry.os && !entry.os.includes(process.platform)) return false;
  if (entry.cpu && !entry.cpu.includes(process.arch)) return false;
  return true;
}

describe('the promised Node.js version', () => {
  const oldest = semver.minVersion(manifest.engines.node)!.version;

  it('is accepted by every installed package', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([name, entry]) => installedHere(name, entry))
      .flatMap(([name, entry]) => {
        const wanted = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        return wanted && !semver.satisfies(oldest, wanted) ? [`${name.replace(/^node_modules\//, '')} wants ${wanted}`] : [];
      });
    expect(refusing, `package.json promises Node ${manifest.engines.node}`).toEqual([]);
  });

  it('is what the README says and what this machine runs', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const [major, minor] = oldest.split('.');
    expect(readme).toContain(`Node.js ${major}.${minor} or later`);
    expect(semver.satisfies(process.versions.node, manifest.engines.node)).toBe(true);
  });
});
