// Test support: the real services' addresses and fresh, unique names.
import { randomUUID } from 'node:crypto';
import { connectionsOf, stackSettingsFrom } from '../../infra/index.ts';
import type { ITopicConfig } from 'kafkajs';
import { createKafka } from '../../src/kafka/client.ts';
import { createTopicsWithLeaders } from '../../src/kafka/provision.ts';
import { createLogger } from '../../src/shared/logger.ts';

export const connections = connectionsOf(stackSettingsFrom(process.env));

export const testLogger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'warn', name: 'test' });

export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const testKafka = (clientId = uniqueName('test')) => createKafka({ brokers: connections.kafkaBrokers, clientId, logger: testLogger });

/** Creates topics on the test broker and waits until each partition has a leader (an admin of its own). */
export const createTestTopics = async (kafka: ReturnType<typeof testKafka>, topics: ITopicConfig[]): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsWithLeaders(admin, topics);
  } finally {
    await admin.disconnect();
  }
};

/** Polls `predicate` until it holds or `timeoutMs` passes; returns whether it held. */
export const eventually = async (predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000, stepMs = 100): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return predicate();
};

/** Reads `topic` from the beginning with read_committed until `count` messages arrived (or timeout). */
/** Reads `topic` from its beginning (read_committed) into `seen` while it runs, until `close`. */
export const followTopic = async <T = Record<string, unknown>>(
  kafka: ReturnType<typeof testKafka>, topic: string, decode: (value: Buffer) => Promise<T>,
): Promise<{ seen: Array<{ key: string | undefined; value: T; headers: Record<string, string> }>; close: () => Promise<void> }> => {
  const consumer = kafka.consumer({ groupId: uniqueName('g-read'), readUncommitted: false });
  const seen: Array<{ key: string | undefined; value: T; headers: Record<string, string> }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ key: message.key?.toString(), value: await decode(message.value!), headers });
    },
  });
  return { seen, close: () => consumer.disconnect() };
};

export const readTopic = async <T = Record<string, unknown>>(
  kafka: ReturnType<typeof testKafka>, topic: string, decode: (value: Buffer) => Promise<T>, count: number, timeoutMs = 30_000,
): Promise<Array<{ key: string | undefined; value: T; headers: Record<string, string> }>> => {
  const { seen, close } = await followTopic(kafka, topic, decode);
  await eventually(() => seen.length >= count, timeoutMs);
  // Linger briefly so that a surplus (a doubled message) would be seen too.
  await new Promise((r) => setTimeout(r, 500));
  await close();
  return seen;
};

/** The person key the hub's key service gives `cpr` (what case systems key their reports by). */
export const personKeyOf = async (s: { personKeys: { keysFor(cprs: readonly string[]): Promise<string[]> } }, cpr: string): Promise<string> =>
  (await s.personKeys.keysFor([cpr]))[0]!;
