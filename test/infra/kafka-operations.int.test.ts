// Proves, on the real Kafka 4.x broker, each operation the hub relies on (issue 2, point 6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicsWithLeaders } from '../../src/kafka/provision.ts';
import type { Admin, Consumer, EachMessagePayload, Producer } from 'kafkajs';
import { eventually, testKafka, uniqueName } from '../support/services.ts';

const kafka = testKafka();
let admin: Admin;
const opened: Array<Producer | Consumer> = [];

const consumeAll = async (topic: string, groupId: string, options: { readUncommitted?: boolean; expect: number; timeoutMs?: number }) => {
  const consumer = kafka.consumer({ groupId, readUncommitted: options.readUncommitted ?? false });
  opened.push(consumer);
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }: EachMessagePayload) => { seen.push(message.value!.toString()); } });
  await eventually(() => seen.length >= options.expect, options.timeoutMs ?? 20_000);
  return { consumer, seen };
};

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  for (const client of opened) await client.disconnect().catch(() => undefined);
  await admin.disconnect();
});

describe('kafkajs 2.2.4 on Kafka 4.x', () => {
  it('creates and describes topics, including a compacted one', async () => {
    const topic = uniqueName('ops-create');
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
    });
    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]!.partitions).toHaveLength(3);
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['cleanup.policy'] }] });
    expect(configs.resources[0]!.configEntries[0]!.configValue).toBe('compact');
    await admin.deleteTopics({ topics: [topic] });
  });

  it('produces idempotently and reads every message back once, in order per key', async () => {
    const topic = uniqueName('ops-idem');
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
    opened.push(producer);
    await producer.connect();
    const values = Array.from({ length: 200 }, (_, i) => `m${i}`);
    for (let i = 0; i < values.length; i += 50) {
      await producer.send({ topic, acks: -1, messages: values.slice(i, i + 50).map((value) => ({ key: 'k', value })) });
    }
    const { seen } = await consumeAll(topic, uniqueName('g'), { expect: values.length });
    expect(seen).toEqual(values);
  });

  it('consumes in a group with manual commits and resumes from the committed offset; reads lag', async () => {
    const topic = uniqueName('ops-commit');
    const groupId = uniqueName('g-commit');
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
    const producer = kafka.producer({ idempotent: true });
    opened.push(producer);
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}` })) });

    // First consumer handles five messages, commits after the fifth, and stops.
    const first = kafka.consumer({ groupId });
    opened.push(first);
    await first.connect();
    await first.subscribe({ topic, fromBeginning: true });
    let handled = 0;
    await first.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        if (handled >= 5) return;
        handled++;
        if (handled === 5) await first.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
    await eventually(() => handled === 5);
    await first.disconnect();

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed[0]!.partitions[0]!.offset).toBe('5');
    const end = await admin.fetchTopicOffsets(topic);
    const lag = Number(end[0]!.high) - Number(committed[0]!.partitions[0]!.offset);
    expect(lag).toBe(5);

    // A second member of the same group starts at the committed offset: v5..v9, nothing before.
    const { seen } = await consumeAll(topic, groupId, { expect: 5 });
    expect(seen).toEqual(['v5', 'v6', 'v7', 'v8', 'v9']);
  });

  it('runs transactional consume-transform-produce with sendOffsets; read_committed sees only committed output', async () => {
    const input = uniqueName('ops-tx-in');
    const output = uniqueName('ops-tx-out');
    const groupId = uniqueName('g-tx');
    await createTopicsWithLeaders(admin, [{ topic: input, numPartitions: 1 }, { topic: output, numPartitions: 1 }]);
    const source = kafka.producer({ idempotent: true });
    opened.push(source);
    await source.connect();
    await source.send({ topic: input, messages: Array.from({ length: 6 }, (_, i) => ({ value: `in${i}` })) });

    const transactional = kafka.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
    opened.push(transactional);
    await transactional.connect();

    // Abort one transaction: its output must stay invisible to read_committed readers.
    const aborted = await transactional.transaction();
    await aborted.send({ topic: output, messages: [{ value: 'aborted' }] });
    await aborted.abort();

    const worker = kafka.consumer({ groupId });
    opened.push(worker);
    await worker.connect();
    await worker.subscribe({ topic: input, fromBeginning: true });
    let transformed = 0;
    await worker.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const tx = await transactional.transaction();
        await tx.send({ topic: output, messages: batch.messages.map((m) => ({ value: `out:${m.value!.toString()}` })) });
        await tx.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }] });
        await tx.commit();
        transformed += batch.messages.length;
      },
    });
    await eventually(() => transformed === 6);

    const { seen } = await consumeAll(output, uniqueName('g-read'), { expect: 6 });
    expect(seen.sort()).toEqual(['out:in0', 'out:in1', 'out:in2', 'out:in3', 'out:in4', 'out:in5']);
    const offsets = await admin.fetchOffsets({ groupId, topics: [input] });
    expect(offsets[0]!.partitions[0]!.offset).toBe('6');

    // A read_uncommitted reader does see the aborted record: proof that the filter above was real.
    const { seen: raw } = await consumeAll(output, uniqueName('g-raw'), { readUncommitted: true, expect: 7 });
    expect(raw).toContain('aborted');
  });
});
