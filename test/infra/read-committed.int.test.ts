// kafkajs 2.2.4 returned records of aborted transactions to a read_committed reader whose fetch began
// inside more than one of them (patches/kafkajs+2.2.4.patch mends it). The hub's exactly-once claim
// is judged by such readers, so this proves the mended reader on the real broker, beside Kafka's own
// Java consumer reading the same records.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicsWithLeaders } from '../../src/kafka/provision.ts';
import type { Admin, Producer } from 'kafkajs';
import { stackSettingsFrom } from '../../infra/index.ts';
import { fetchKafka } from '../../infra/stack/fetch.ts';
import { findJava } from '../../infra/stack/java.ts';
import { connections, eventually, testKafka, uniqueName } from '../support/services.ts';

const kafka = testKafka();
let admin: Admin;
const producers: Producer[] = [];
let topic: string;

/** Offsets 0–4: a0 b0 b1 b2 a1 from two transactions, both aborted; then c0 committed by a third. */
beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  topic = uniqueName('read-committed');
  await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
  const producer = async (name: string) => {
    const p = kafka.producer({ transactionalId: `${topic}-${name}`, idempotent: true, maxInFlightRequests: 1 });
    producers.push(p);
    await p.connect();
    return p.transaction();
  };
  const [a, b, c] = [await producer('a'), await producer('b'), await producer('c')];
  await a.send({ topic, acks: -1, messages: [{ key: 'a', value: 'aborted a0' }] });
  for (const i of [0, 1, 2]) await b.send({ topic, acks: -1, messages: [{ key: 'b', value: `aborted b${i}` }] });
  await a.send({ topic, acks: -1, messages: [{ key: 'a', value: 'aborted a1' }] });
  await a.abort();
  await b.abort();
  await c.send({ topic, acks: -1, messages: [{ key: 'c', value: 'committed c0' }] });
  await c.commit();
});

afterAll(async () => {
  for (const p of producers) await p.disconnect().catch(() => undefined);
  await admin.disconnect();
});

/** What a kafkajs read_committed group reader sees when it starts at `offset`. */
const kafkajsReads = async (offset: number): Promise<string[]> => {
  const groupId = uniqueName('g-rc');
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: String(offset) }] });
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { seen.push(String(message.value)); } });
  await eventually(() => seen.includes('committed c0'), 20_000);
  await consumer.disconnect();
  return seen;
};

/** What Kafka's own console consumer (the Java client) sees from `offset`, read_committed. */
const javaReads = (offset: number): string[] => {
  const stack = stackSettingsFrom(process.env);
  const lib = path.join(fetchKafka(stack.stackDir, stack.rootDir, stack.kafka.version), 'lib', '*');
  const { java } = findJava(process.env, 17, 'Kafka console consumer', 'HUB_KAFKA_JAVA_HOME');
  const out = execFileSync(java, ['-cp', lib, 'org.apache.kafka.tools.consumer.ConsoleConsumer', '--bootstrap-server', connections.kafkaBrokers.join(','),
    '--topic', topic, '--partition', '0', '--offset', String(offset), '--isolation-level', 'read_committed', '--timeout-ms', '6000'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter(Boolean);
};

describe('read_committed with kafkajs (patched) on Kafka 4', () => {
  it('sees only the committed record from wherever in the aborted transactions it starts, as the Java consumer does', async () => {
    const offsets = [0, 1, 2, 3];
    const seen = await Promise.all(offsets.map(kafkajsReads));
    expect(Object.fromEntries(offsets.map((o, i) => [o, seen[i]]))).toEqual(Object.fromEntries(offsets.map((o) => [o, ['committed c0']])));
    if (!process.env.KAFKA_BROKERS) expect(javaReads(2)).toEqual(['committed c0']);
  });
});
