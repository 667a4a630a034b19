// Brings the real services up before any test runs (or checks the ones the environment names), and
// fetches Kafka Connect and Debezium once, so that the outbox tests' time limits cover starting
// them, not downloading them on a fresh machine. The hub is compiled once here too (bin/build.mjs),
// rather than by the first hub processes that several test files spawn at once.
import { buildIfStale } from '../bin/build.mjs';
import { fetchConnect, fetchDebezium } from '../infra/stack/fetch.ts';
import { connectionsOf, stackSettingsFrom, stackUp } from '../infra/index.ts';
import { createKafka } from '../src/kafka/client.ts';
import { createLogger } from '../src/shared/logger.ts';

/**
 * What the tests name their topics and groups by (`uniqueName`: a word, a dash, eight hex digits,
 * then a dot or the end). A whole UUID (the benchmark's `bench-in-<uuid>`) does not match.
 */
const MADE_BY_A_TEST = /-[0-9a-f]{8}(?:\.|$)/;

/**
 * Deletes the topics and groups the tests made on the project's own local broker: left there, they
 * pile up run after run (5,800 topics, 17,000 partitions after a few days here), and a broker that
 * keeps that many partitions is a slower one for every later test and benchmark. Services the
 * environment names (KAFKA_BROKERS) are never touched.
 */
const deleteWhatTheTestsMade = async (brokers: string[]): Promise<void> => {
  const admin = createKafka({ brokers, clientId: 'test-teardown', logger: createLogger({ level: 'error', name: 'teardown' }) }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => MADE_BY_A_TEST.test(t));
    for (let i = 0; i < topics.length; i += 200) await admin.deleteTopics({ topics: topics.slice(i, i + 200), timeout: 60_000 }).catch(() => undefined);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => MADE_BY_A_TEST.test(g));
    for (let i = 0; i < groups.length; i += 200) await admin.deleteGroups(groups.slice(i, i + 200)).catch(() => undefined);
    if (topics.length > 0) console.log(`[test] deleted ${topics.length} topics and ${groups.length} groups the tests made`);
  } finally {
    await admin.disconnect();
  }
};

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
