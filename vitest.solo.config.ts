import { defineConfig } from 'vitest/config';
import { ownServicesFiles } from './test/solo-files.ts';

// Run by `npm test` after the main suite, one file at a time: the short fault tests (each restarts a
// broker, Redis or a registry of its own and times the recovery) and the files that start services of
// their own (test/solo-files.ts). Other tests running beside them on two cores would distort their
// timings, and they would stall the others'.
export default defineConfig({
  test: {
    include: ['test/faults-short/**/*.test.ts', ...ownServicesFiles],
    exclude: ['node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // After each file its topics and groups are deleted (one file at a time, so no other file's).
    setupFiles: ['test/support/after-each-file.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
