import { defineConfig } from 'vitest/config';

// The short fault tests, run by `npm test` after the main suite, one file at a time: each restarts
// a broker, Redis or a registry of its own and times the recovery, which other tests running beside
// it on two cores would distort.
export default defineConfig({
  test: {
    include: ['test/faults-short/**/*.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
