import { defineConfig } from 'vitest/config';
import { ownServicesFiles } from './test/solo-files.ts';

// Unit tests are pure; integration and end-to-end tests run against the real Kafka, registry and
// Redis that test/global-setup.ts brings up (the local stack, or the services the environment names).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault files and those that start services of their own run after, one at a time (vitest.solo.config.ts).
    exclude: ['test/faults/**', 'test/faults-short/**', ...ownServicesFiles, 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // After each file its topics and groups are deleted (one file at a time, so no other file's).
    setupFiles: ['test/support/after-each-file.ts'],
    pool: 'forks',
    // One file at a time: the suite shares two cores with the broker, the registry and Redis, and a
    // second file beside it turned timing bounds into rare, silent failures (a start over 120 s, a stop
    // over 9 s, a commit over 15 s, a Python producer over 60 s), each in a different test.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
