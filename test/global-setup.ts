// Brings the real services up before any test runs (or checks the ones the environment names), and
// fetches Kafka Connect and Debezium once, so that the outbox tests' time limits cover starting
// them, not downloading them on a fresh machine. The hub is compiled once here too (bin/build.mjs),
// rather than by the first hub processes that several test files spawn at once.
import { buildIfStale } from '../bin/build.mjs';
import { fetchConnect, fetchDebezium } from '../infra/stack/fetch.ts';
import { connectionsOf, stackSettingsFrom, stackUp } from '../infra/index.ts';
import { deleteWhatTheTestsMade } from './support/test-topics.ts';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const settings = stackSettingsFrom(process.env);
  const result = await stackUp(settings, process.env);
  if (result.started.length > 0) {
    console.log(`[test] started ${result.started.join(', ')} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
  }
  fetchConnect(settings.stackDir, settings.rootDir, settings.outbox.connectVersion);
  fetchDebezium(settings.stackDir, settings.rootDir, settings.outbox.debeziumVersion);
  await buildIfStale();
  if (process.env.KAFKA_BROKERS) return undefined;
  const { kafkaBrokers } = connectionsOf(settings);
  return () => deleteWhatTheTestsMade(kafkaBrokers);
}
