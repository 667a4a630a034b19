import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the fault tests at their long sizes (FAULTS_LONG=1), one file at a time
// (each starts brokers, Redis or a registry of its own and measures recovery times), plus the
// short versions' files, which grow with FAULTS_LONG.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts', 'test/faults-short/**/*.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
