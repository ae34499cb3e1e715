import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    environment: 'node',
    // Pinned so that nothing silently depends on the machine's zone; the engine never reads it.
    env: { TZ: 'America/Los_Angeles' },
    testTimeout: 20_000,
    // The browser suites poll the page for what a server round trip changes; 1 s (the default) was
    // not always enough on a loaded CI machine with PostgreSQL. A poll that would pass still returns
    // at once; only a failing one waits longer.
    expect: { poll: { timeout: 5_000 } },
    hookTimeout: 60_000,
    // Browser and PostgreSQL suites share machine resources; files still run in parallel workers.
    pool: 'forks',
  },
});
