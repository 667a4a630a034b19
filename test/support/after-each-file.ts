// A setup file of the suites that run one file at a time (vitest.config.ts, vitest.solo.config.ts):
// after each file, the topics and groups it made are deleted. Left until the run's end, a main suite
// had 1,072 topics (over 3,000 partitions) on the broker by its last file, and every later file
// shared the two cores with the broker's upkeep of them. Only one file runs at a time in these suites,
// so nothing another file still uses is deleted.
import { afterAll } from 'vitest';
import { connections } from './services.ts';
import { deleteWhatTheTestsMade } from './test-topics.ts';

afterAll(async () => {
  if (process.env.KAFKA_BROKERS) return;
  // A broker that does not answer (a fault test's own broker is gone) costs a file no more than this.
  await Promise.race([
    deleteWhatTheTestsMade(connections.kafkaBrokers, { quiet: true }).catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 15_000).unref()),
  ]);
});
