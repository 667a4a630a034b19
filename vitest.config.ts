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
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
