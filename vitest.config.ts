import { defineConfig } from 'vitest/config';

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
