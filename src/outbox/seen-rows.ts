import { randomUUID } from 'node:crypto';
import type { Kafka } from '../kafka/types.ts';
import { HubError } from '../shared/errors.ts';
import { topicOffsets } from '../kafka/client.ts';

/**
 * Reads one partition of the bridge's marker topic (`<prefix>.outbox.sendt`, compacted, keyed by
 * outbox row id) from its start to its end: every row the bridge has already carried into the hub
 * from that outbox partition. Called after the partition's transactional producer has settled the
 * previous owner's transaction, so the end it reads to includes that transaction's markers.
 */
export const readSeenRows = async (kafka: Kafka, topic: string, partition: number, timeoutMs = 120_000): Promise<Set<string>> => {
  const seen = new Set<string>();
  const admin = kafka.admin();
  await admin.connect();
  let high: bigint;
  try {
    const offsets = await topicOffsets(admin, topic);
    high = BigInt(offsets.find((o) => o.partition === partition)?.high ?? '0');
  } finally {
    await admin.disconnect();
  }
  if (high === 0n) return seen;
  // A throwaway group that never commits: it only reads the partition once from the beginning.
  const consumer = kafka.consumer({ groupId: `${topic}.restore.${randomUUID()}`, readUncommitted: false, maxBytesPerPartition: 4 * 1024 * 1024 });
  let reachedEnd!: () => void;
  const done = new Promise<void>((resolve) => { reachedEnd = resolve; });
  // kafkajs reports a batch's last offset even for batches of only transaction markers, which no
  // eachBatch sees: that is how the end of a transactional partition is recognised.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.partition === partition && BigInt(payload.lastOffset) + 1n >= high) reachedEnd();
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.partition !== partition) return;
        for (const m of batch.messages) if (m.key) seen.add(m.key.toString());
        if (BigInt(batch.lastOffset()) + 1n >= high) reachedEnd();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HubError('KAFKA_UNAVAILABLE', `could not read ${topic} partition ${partition} to its end within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    return seen;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
};
