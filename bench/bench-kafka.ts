import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type Admin } from 'kafkajs';
import { createLogger } from '../src/shared/logger.ts';
import { kafkajsLogCreator } from '../src/kafka/log.ts';
import { createTopicsWithLeaders } from '../src/kafka/provision.ts';
import { BUSY_BROKER_PARTITIONS, brokerLine, type BrokerLoad } from './machine.ts';

/** Benchmark logs: warnings and worse only, so log I/O does not skew the figures. */
export const benchLogger = createLogger({ name: 'bench', level: 'warn' });

export const benchKafka = (brokers: string[], clientId: string): Kafka =>
  new Kafka({ clientId, brokers, logLevel: logLevel.WARN, logCreator: kafkajsLogCreator(benchLogger), retry: { retries: 8 } });

/** Fresh names per run, so runs never see each other's data. */
export const uniqueName = (kind: string): string => `bench-${kind}-${randomUUID()}`;

/** Single-node stack: replication 1. Three partitions, as the broker's default. */
export const createTopics = async (admin: Admin, topics: string[], partitions = 3): Promise<void> => {
  await createTopicsWithLeaders(admin, topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })));
};

export const deleteTopics = async (admin: Admin, topics: string[]): Promise<void> => {
  await admin.deleteTopics({ topics }).catch((err: unknown) => benchLogger.warn({ err, topics }, 'could not delete bench topics'));
};

/** Drops the committed offsets of finished groups, so runs leave nothing behind. */
export const deleteGroups = async (admin: Admin, groupIds: string[]): Promise<void> => {
  await admin.deleteGroups(groupIds).catch((err: unknown) => benchLogger.warn({ err, groupIds }, 'could not delete bench groups'));
};

/** Runs `body` with a connected admin client and always disconnects it. */
export const withAdmin = async <T>(brokers: string[], body: (admin: Admin) => Promise<T>): Promise<T> => {
  const admin = benchKafka(brokers, 'bench-admin').admin();
  await admin.connect();
  try {
    return await body(admin);
  } finally {
    await admin.disconnect();
  }
};

/**
 * How many topics and partitions the broker holds (for the report's header: a crowded broker is a
 * slower one); a busy broker is said at once through `warn`, before the run it slows.
 */
export const brokerLoad = async (brokers: string[], warn: (line: string) => void): Promise<BrokerLoad> => {
  const load = await withAdmin(brokers, async (admin) => {
    const { topics } = await admin.fetchTopicMetadata();
    return { topics: topics.length, partitions: topics.reduce((n, t) => n + t.partitions.length, 0) };
  });
  if (load.partitions > BUSY_BROKER_PARTITIONS) warn(brokerLine(load));
  return load;
};

/**
 * Writes `count` messages of `messageSize` random bytes, keyed by index so they spread over the
 * partitions. Several large batches stay in flight at once; acks from the leader suffice here.
 */
export const fillTopic = async (brokers: string[], topic: string, count: number, messageSize: number): Promise<void> => {
  const producer = benchKafka(brokers, 'bench-fill').producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const value = randomBytes(messageSize);
  const batchSize = 5_000;
  const inFlight = 4;
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + batchSize);
        const messages = Array.from({ length: next - from }, (_, i) => ({ key: String(from + i), value }));
        await producer.send({ topic, messages, acks: 1 });
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    await producer.disconnect();
  }
};

/** Messages in a topic: the sum of its partitions' high watermarks (no transaction markers here). */
export const topicCount = async (admin: Admin, topic: string): Promise<number> => {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
};

/**
 * Polls until `topic` holds `count` messages and returns the moment it did (performance.now()).
 * A 20 ms poll costs the broker little and bounds the timing error well below a drain's length.
 */
export const waitForCount = async (admin: Admin, topic: string, count: number, timeoutMs: number, pollMs = 20): Promise<number> => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const seen = await topicCount(admin, topic);
    if (seen >= count) return performance.now();
    if (performance.now() > deadline) throw new Error(`${topic} holds ${seen} of ${count} messages after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
};
