import type { Consumer, Kafka, Producer } from 'kafkajs';
import { inParts } from './send-parts.ts';
import { HubError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { topicOffsets } from './client.ts';

/** One record of a followed topic, its key and value as text. */
export interface LogRecord {
  readonly offset: bigint;
  readonly key: string | null;
  readonly value: string | null;
}

export interface LogFollowerOptions {
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly topic: string;
  /** A consumer group of this process alone (it is then assigned every partition); it commits nothing. */
  readonly groupId: string;
  /** Where to start reading a partition: the next offset the caller has not applied. */
  readonly startAt: (partition: number) => bigint;
  /** A partition's records in offset order, and the offset after the last; called one batch at a time. */
  readonly onRecords: (partition: number, records: readonly LogRecord[], next: bigint) => Promise<void>;
  /**
   * How long `reached` waits for a record before it fails with KAFKA_UNAVAILABLE (retryable). Default
   * 30000 ms. `caughtUp` waits as long as reading the topic takes (a national register: minutes).
   */
  readonly readBackTimeoutMs?: number;
}

export interface LogFollower {
  readonly partitions: number;
  /** Writes records to the partitions named (acks from all replicas, idempotent); resolves with the last offset written per partition. */
  append(records: ReadonlyArray<{ partition: number; key: string; value: string }>): Promise<Map<number, bigint>>;
  /** Resolves once every record of `partition` up to `offset` has been handed to `onRecords`. */
  reached(partition: number, offset: bigint): Promise<void>;
  /** Resolves once the records that were in the topic when following began have been handed over. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows a whole topic from where the caller left it and writes to it: the edge a key-value log
 * needs (the person-key mapping) when every instance keeps a full copy and waits to read its own
 * writes back.
 */
export const followLog = async (o: LogFollowerOptions): Promise<LogFollower> => {
  const admin = o.kafka.admin();
  await admin.connect();
  const ends = await topicOffsets(admin, o.topic).finally(() => admin.disconnect());
  const partitions = ends.length;
  const position = new Map<number, bigint>(ends.map((e) => [e.partition, o.startAt(e.partition)]));
  const waiters = new Set<{ partition: number; offset: bigint; resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout | undefined }>();
  const settle = () => {
    for (const w of waiters) if ((position.get(w.partition) ?? 0n) > w.offset) { waiters.delete(w); clearTimeout(w.timer); w.resolve(); }
  };
  let stopped = false;

  const producer: Producer = o.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer: Consumer = o.kafka.consumer({ groupId: o.groupId, readUncommitted: false });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    // Saves reading what the caller has already applied; onRecords sees it again harmlessly when the seek comes late.
    for (const [partition, next] of position) if (next > 0n) consumer.seek({ topic: o.topic, partition, offset: next.toString() });
  });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, heartbeat }) => {
      if (batch.messages.length === 0) return;
      const records = batch.messages.map((m) => ({ offset: BigInt(m.offset), key: m.key?.toString() ?? null, value: m.value?.toString() ?? null }));
      const next = records[records.length - 1]!.offset + 1n;
      await o.onRecords(batch.partition, records, next);
      if (next > (position.get(batch.partition) ?? 0n)) position.set(batch.partition, next);
      settle();
      await heartbeat();
    },
  });

  const readBackTimeoutMs = o.readBackTimeoutMs ?? 30_000;
  const reached = (partition: number, offset: bigint, timeoutMs: number | null = readBackTimeoutMs) => new Promise<void>((resolve, reject) => {
    if (stopped) { reject(new HubError('KAFKA_UNAVAILABLE', `${o.topic} is no longer followed`)); return; }
    // A consumer that stopped for good would leave the caller waiting for ever: give up, retryably.
    const timer = timeoutMs === null ? undefined : setTimeout(() => {
      waiters.delete(waiter);
      reject(new HubError('KAFKA_UNAVAILABLE', `${o.topic}[${partition}] was not read up to offset ${offset} within ${timeoutMs} ms`));
    }, timeoutMs);
    const waiter = { partition, offset, resolve, reject, timer };
    waiters.add(waiter);
    settle();
  });

  return {
    partitions,
    async append(records) {
      const last = new Map<number, bigint>();
      // Many records go in parts the broker accepts, in order (the producer is idempotent with one
      // request in flight).
      for (const part of inParts(records, (r) => Buffer.byteLength(r.key) + Buffer.byteLength(r.value) + 64, APPEND_PART_BYTES)) {
        let written;
        try {
          written = await producer.send({ topic: o.topic, acks: -1, messages: part.map((r) => ({ key: r.key, value: r.value, partition: r.partition })) });
        } catch (error) {
          throw new HubError('KAFKA_UNAVAILABLE', `could not write to ${o.topic}: ${(error as Error).message}`, { cause: error });
        }
        for (const w of written) {
          const count = part.filter((r) => r.partition === w.partition).length;
          last.set(w.partition, BigInt(w.baseOffset ?? '0') + BigInt(count) - 1n);
        }
      }
      return last;
    },
    reached,
    caughtUp: async () => {
      await Promise.all(ends.filter((e) => BigInt(e.high) > 0n).map((e) => reached(e.partition, BigInt(e.high) - 1n, null)));
    },
    async stop() {
      stopped = true;
      for (const w of waiters) { clearTimeout(w.timer); w.reject(new HubError('KAFKA_UNAVAILABLE', `${o.topic} is no longer followed`)); }
      waiters.clear();
      await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
      // The group was this process's alone and committed nothing: leave none behind for `hub lag` to list.
      const cleanup = o.kafka.admin();
      await cleanup.connect().then(() => cleanup.deleteGroups([o.groupId])).catch(() => undefined).finally(() => cleanup.disconnect());
    },
  };
};

/** Bytes of keys and values per send of `append`, with a record's overhead: well below the broker's 1 MiB. */
const APPEND_PART_BYTES = 256 * 1024;
