// The floor the hub is measured against: a raw kafkajs pipe, run as its own process like the hub,
// that does the hub's writing and nothing else. It consumes the hub's inbound topic and writes, for
// each input, the records the hub wrote in its own run (an `OutputShape`: same topics, same number
// per input, the same bytes), in one transaction per batch with the consumed offset, with the
// hub's client and processor settings. No decoding, no rules, no encoding, no state.
//
//   node --import tsx bench/pipes/same-shape-pipe.ts   (HUB_TOPIC_PREFIX, KAFKA_BROKERS, BENCH_SHAPE_FILE)
import type { KafkaMessage, Producer, TopicMessages } from 'kafkajs';
import { useV8RuntimeFlags } from '../../bin/v8-runtime-flags.mjs';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { topicNames } from '../../src/config/topics.ts';
import { processorConsumerConfig, transactionalProducerConfig } from '../../src/kafka/partition-processor.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { readShape, type OutputShape, type TopicShape } from './output-shape.ts';

interface Slot {
  readonly topic: string;
  readonly shape: TopicShape;
  readonly records: ReadonlyArray<{ key: Buffer | null; value: Buffer; headers: Record<string, Buffer> }>;
}

/**
 * Per input partition, what one input writes: each topic's fraction carried from input to input, so
 * that over a batch every topic gets `perInput` records per input, cycling through its samples.
 */
const writerOf = (prefix: string, shape: OutputShape) => {
  const slots: Slot[] = shape.topics.map((t) => ({
    topic: `${prefix}.${t.kind}`, shape: t,
    records: t.samples.map((r) => ({
      key: r.key === null ? null : Buffer.from(r.key, 'base64'), value: Buffer.from(r.value, 'base64'),
      headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    })),
  }));
  const carried = new Map<number, { owed: number[]; next: number[] }>();
  return (partition: number, messages: readonly KafkaMessage[]): TopicMessages[] => {
    let state = carried.get(partition);
    if (!state) carried.set(partition, (state = { owed: slots.map(() => 0), next: slots.map(() => 0) }));
    const out = slots.map((s) => ({ topic: s.topic, messages: [] as TopicMessages['messages'] }));
    for (const m of messages) {
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        state.owed[i]! += slot.shape.perInput;
        for (; state.owed[i]! >= 1; state.owed[i]! -= 1) {
          const r = slot.records[state.next[i]! % slot.records.length]!;
          state.next[i]!++;
          out[i]!.messages.push({
            key: slot.shape.keyedByInput ? m.key : r.key, value: r.value, headers: r.headers,
            ...(slot.shape.pinned ? { partition } : {}),
          });
        }
      }
    }
    return out.filter((t) => t.messages.length > 0);
  };
};

const main = async (): Promise<void> => {
  useV8RuntimeFlags(); // the hub's process settings (bin/hub.mjs), so that the floor collects its garbage alike
  const settings = hubSettingsFrom(process.env);
  const shape = readShape(process.env.BENCH_SHAPE_FILE ?? '');
  const logger = createLogger({ name: 'same-shape', level: 'warn' });
  const kafka = createKafka({ brokers: settings.kafkaBrokers, clientId: 'bench-same-shape', logger, sessionTimeoutMs: settings.consumerSessionTimeoutMs });
  const topics = topicNames(settings.topicPrefix);
  const groupId = `${settings.topicPrefix}.same-shape`;
  const write = writerOf(settings.topicPrefix, shape);
  const producers = new Map<number, Producer>();
  const producerFor = async (partition: number): Promise<Producer> => {
    let p = producers.get(partition);
    if (!p) {
      p = kafka.producer(transactionalProducerConfig(`${groupId}.tx-p${partition}`));
      await p.connect();
      producers.set(partition, p);
    }
    return p;
  };
  const consumer = kafka.consumer(processorConsumerConfig(groupId, settings.consumerSessionTimeoutMs));
  await consumer.connect();
  await consumer.subscribe({ topic: topics.indberetninger, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch, resolveOffset, isRunning, isStale }) => {
      if (batch.messages.length === 0 || !isRunning() || isStale()) return;
      const producer = await producerFor(batch.partition);
      const transaction = await producer.transaction();
      try {
        await transaction.sendBatch({ topicMessages: write(batch.partition, batch.messages), acks: -1 });
        await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }] });
        await transaction.commit();
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        throw error;
      }
      resolveOffset(batch.lastOffset());
    },
  });
  // The line the benchmark starts its clock at, as it does at the hub's "rules consumer running".
  process.stdout.write('same-shape pipe running\n');
  const stop = async () => {
    await consumer.disconnect().catch(() => undefined);
    await Promise.all([...producers.values()].map((p) => p.disconnect().catch(() => undefined)));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
};

main().catch((error: unknown) => {
  process.stderr.write(`same-shape pipe: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
