import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The https fixture server's certificate (test/fixtures/sites/tls) is trusted by the test processes,
// which read NODE_EXTRA_CA_CERTS when they start: https resume URLs are fetched with certificate checks
// on. It takes one file, so one the machine already names is kept beside ours in a bundle.
const fixtureCa = fileURLToPath(new URL('./test/fixtures/sites/tls/cert.pem', import.meta.url));
const extraCa = process.env.NODE_EXTRA_CA_CERTS;
if (!extraCa) process.env.NODE_EXTRA_CA_CERTS = fixtureCa;
else if (extraCa !== fixtureCa && !readFileSync(extraCa, 'utf8').includes(readFileSync(fixtureCa, 'utf8').trim())) {
  const contents = `${readFileSync(extraCa, 'utf8').trimEnd()}\n${readFileSync(fixtureCa, 'utf8')}`;
  // Named by its contents: one file however many runs, never half written when a run reads it.
  const bundle = join(tmpdir(), `job-platform-test-ca-${createHash('sha256').update(contents).digest('hex').slice(0, 16)}.pem`);
  if (!existsSync(bundle)) {
    writeFileSync(`${bundle}.${process.pid}`, contents);
    renameSync(`${bundle}.${process.pid}`, bundle);
  }
  process.env.NODE_EXTRA_CA_CERTS = bundle;
}

// unit: pure code, no servers. integration: real PostgreSQL through the local Data API endpoint,
// fixture sites, the real browser. e2e: HTTP against the whole local runtime.
export default defineConfig({
  test: {
    // Two cores: the integration and e2e files each start servers and browsers.
    maxWorkers: 2,
    // Once per run, whichever projects run.
    globalSetup: ['test/support/real-captures-notice.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
    ],
  },
});
