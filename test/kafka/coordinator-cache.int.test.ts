// On the real broker: a transactional producer of the hub (the partition processor's settings) finds
// its transaction coordinator and the group's coordinator once, not before every request of every
// transaction (patches/kafkajs+2.2.4.patch), and its transactions still commit records and offsets.
import { afterAll, describe, expect, it } from 'vitest';
import { transactionalProducerConfig } from '../../src/kafka/partition-processor.ts';
import { createTestTopics, readTopic, testKafka, uniqueName } from '../support/services.ts';

const kafka = testKafka();
const admin = kafka.admin();
afterAll(async () => { await admin.disconnect(); });

describe('transactional producer (patched kafkajs)', () => {
  it('asks FindCoordinator twice for ten transactions, each of which commits its records and offsets', async () => {
    const [input, output, groupId] = [uniqueName('cc-in'), uniqueName('cc-out'), uniqueName('cc')];
    await createTestTopics(kafka, [{ topic: input, numPartitions: 1 }, { topic: output, numPartitions: 1 }]);
    const producer = kafka.producer(transactionalProducerConfig(`${groupId}.tx-p0`));
    const requests: string[] = [];
    producer.on(producer.events.REQUEST, (event) => { requests.push(event.payload.apiName); });
    await producer.connect();
    try {
      for (let i = 0; i < 10; i++) {
        const transaction = await producer.transaction();
        await transaction.send({ topic: output, messages: [{ key: `k${i}`, value: `v${i}` }], acks: -1 });
        await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: 0, offset: String(i + 1) }] }] });
        await transaction.commit();
      }
    } finally {
      await producer.disconnect();
    }
    const count = (api: string) => requests.filter((r) => r === api).length;
    expect(count('EndTxn')).toBe(10);
    expect(count('TxnOffsetCommit')).toBe(10);
    // Unpatched kafkajs asks before each AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit and EndTxn: 41.
    expect(count('GroupCoordinator')).toBe(2); // kafkajs's name for FindCoordinator (API key 10)

    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
    expect(offsets?.partitions[0]?.offset).toBe('10');
    const values = (await readTopic(kafka, output, async (v) => v.toString(), 10, 30_000)).map((m) => m.value);
    expect(values).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
  });
});
