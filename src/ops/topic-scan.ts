import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from '../kafka/types.ts';
import { HubError } from '../shared/errors.ts';
import { topicOffsets } from '../kafka/client.ts';

/** Options of a bounded scan of one topic. */
export interface ScanOptions {
  /** Start at the first message with a timestamp at or after this (epoch ms). Default: the oldest message. */
  readonly fromTimestampMs?: number;
  /** Give up after this long (ms). Default 60 000. */
  readonly timeoutMs?: number;
}

export interface ScannedMessage {
  readonly partition: number;
  readonly message: KafkaMessage;
}

/**
 * Reads a topic (none read when it does not exist) from a start (by timestamp, through admin.fetchTopicOffsetsByTimestamp) up to the
 * end offsets it had when the scan began, with read_committed, and returns. The consumer group it
 * needs is throwaway: it commits nothing and is deleted afterwards. Completion is judged on every
 * fetched batch, including batches of only transaction markers, which kafkajs reports through
 * END_BATCH_PROCESS but never hands to eachBatch.
 */
export const scanTopic = async (kafka: Kafka, topic: string, onMessage: (m: ScannedMessage) => void | Promise<void>, options: ScanOptions = {}): Promise<number> => {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${topic}.scan.${randomUUID()}`;
  try {
    // A topic that does not exist holds nothing; asking its offsets would retry for minutes.
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const ends = await topicOffsets(admin, topic);
    const starts = options.fromTimestampMs === undefined
      ? ends.map((e) => ({ partition: e.partition, offset: e.low }))
      : await admin.fetchTopicOffsetsByTimestamp(topic, options.fromTimestampMs);
    const endBy = new Map(ends.map((e) => [e.partition, BigInt(e.offset)]));
    const startBy = new Map(starts.map((s) => [s.partition, BigInt(s.offset)]));
    const remaining = new Set(starts.filter((s) => BigInt(s.offset) < (endBy.get(s.partition) ?? 0n)).map((s) => s.partition));
    if (remaining.size === 0) return 0;

    let count = 0;
    let failure: unknown;
    const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
    let finish!: () => void;
    const done = new Promise<void>((resolve) => { finish = resolve; });
    const reached = (partition: number, lastOffset: string) => {
      const end = endBy.get(partition);
      if (end !== undefined && BigInt(lastOffset) + 1n >= end) remaining.delete(partition);
      if (remaining.size === 0) finish();
    };
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic === topic) reached(payload.partition, payload.lastOffset);
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (!remaining.has(batch.partition)) return;
          const end = endBy.get(batch.partition)!;
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= end) break;
            // A fetch begun before the seek took effect may start earlier than asked.
            if (BigInt(message.offset) < (startBy.get(batch.partition) ?? 0n)) continue;
            try {
              await onMessage({ partition: batch.partition, message });
              count++;
            } catch (error) {
              failure = error;
              finish();
              return;
            }
          }
        },
      });
      for (const s of starts) consumer.seek({ topic, partition: s.partition, offset: s.offset });
      const timeoutMs = options.timeoutMs ?? 60_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        done.then(() => false),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), timeoutMs); }),
      ]);
      clearTimeout(timer);
      if (failure) throw failure;
      if (timedOut) throw new HubError('KAFKA_UNAVAILABLE', `reading ${topic} did not reach its end within ${timeoutMs} ms`);
      return count;
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
};

/** Scans a topic and decodes each value; messages without a value are skipped. */
export const readTopicValues = async <T>(
  kafka: Kafka, topic: string, decode: (value: Buffer) => Promise<T>, options: ScanOptions = {},
): Promise<Array<{ partition: number; offset: string; timestamp: number; key: string | null; value: T }>> => {
  const out: Array<{ partition: number; offset: string; timestamp: number; key: string | null; value: T }> = [];
  await scanTopic(kafka, topic, async ({ partition, message }) => {
    if (!message.value) return;
    out.push({ partition, offset: message.offset, timestamp: Number(message.timestamp), key: message.key?.toString() ?? null, value: await decode(message.value) });
  }, options);
  return out.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
};
