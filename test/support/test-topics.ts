// The topics and groups the tests make, deleted once they are done with them.
import { createKafka } from '../../src/kafka/client.ts';
import { createLogger } from '../../src/shared/logger.ts';

/**
 * What the tests name their topics and groups by (`uniqueName`: a word, a dash, eight hex digits,
 * then a dot or the end). A whole UUID (the benchmark's `bench-in-<uuid>`) does not match.
 */
export const MADE_BY_A_TEST = /-[0-9a-f]{8}(?:\.|$)/;

/**
 * Deletes the topics and groups the tests made on the project's own local broker: left there, they
 * pile up run after run (5,800 topics, 17,000 partitions after a few days here), and a broker that
 * keeps that many partitions is a slower one for every later test and benchmark. Services the
 * environment names (KAFKA_BROKERS) are never touched.
 */
export const deleteWhatTheTestsMade = async (brokers: string[], options: { quiet?: boolean } = {}): Promise<void> => {
  const admin = createKafka({ brokers, clientId: 'test-teardown', logger: createLogger({ level: 'error', name: 'teardown' }) }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => MADE_BY_A_TEST.test(t));
    for (let i = 0; i < topics.length; i += 200) await admin.deleteTopics({ topics: topics.slice(i, i + 200), timeout: 60_000 }).catch(() => undefined);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => MADE_BY_A_TEST.test(g));
    for (let i = 0; i < groups.length; i += 200) await admin.deleteGroups(groups.slice(i, i + 200)).catch(() => undefined);
    if (topics.length > 0 && !options.quiet) console.log(`[test] deleted ${topics.length} topics and ${groups.length} groups the tests made`);
  } finally {
    await admin.disconnect();
  }
};

