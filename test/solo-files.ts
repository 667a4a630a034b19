// The test files that start services of their own (a secured broker with its registry and Redis; a
// PostgreSQL with Kafka Connect), besides the short fault files: `npm test` runs them after the main
// suite, one at a time. Starting a JVM takes both cores for tens of seconds, which stalled whatever
// timing-bound test ran beside it in the main suite.
export const ownServicesFiles = [
  'test/infra/secure-hub.int.test.ts',
  'test/infra/secure-kafka.int.test.ts',
  'test/cli/outbox-demo.e2e.test.ts',
];
