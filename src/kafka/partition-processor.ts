import { AssignerProtocol, PartitionAssigners, type Admin, type Consumer, type ConsumerConfig, type IHeaders, type Kafka, type KafkaMessage, type PartitionAssigner, type Producer, type ProducerConfig, type RecordMetadata, type TopicMessages } from 'kafkajs';
import { assignPartitions, decodeHolding, encodeHolding } from './assignment.ts';
import { inParts } from './send-parts.ts';
import { HubError, isHubError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

/** One record to write; `partition` pins it (a changelog record goes to its input's partition). */
export interface OutputRecord {
  readonly topic: string;
  readonly key: Buffer | string | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
  readonly partition?: number;
}

/**
 * Where a batch's records landed, per `topic|partition` of the records given a partition: the
 * offset after the last of them (a changelog's checkpoint). A batch sent in parts has one
 * RecordMetadata per part and partition; this is the end of the last.
 */
export type WrittenEnds = ReadonlyMap<string, bigint>;

/** The key of a partition in `WrittenEnds`. */
const endKey = (topic: string, partition: number): string => `${topic}|${partition}`;

/** A store's new checkpoint: the end of each of `topics` on `partition` that the batch wrote to. */
export const checkpointOf = (ends: WrittenEnds, topics: readonly string[], partition: number): Record<string, bigint> => {
  const checkpoint: Record<string, bigint> = {};
  for (const topic of topics) {
    const end = ends.get(endKey(topic, partition));
    if (end !== undefined) checkpoint[topic] = end;
  }
  return checkpoint;
};

/** What a batch yields: its records, and work to do once they are committed (given their offsets). */
export interface BatchResult {
  readonly records: readonly OutputRecord[];
  afterCommit?(written: readonly RecordMetadata[], ends: WrittenEnds): Promise<void>;
}

export interface InputBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessage[];
}

export interface PartitionProcessorOptions {
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly topic: string;
  /**
   * Further input topics co-partitioned with `topic` (same key, same partition count): partition N
   * of every input goes to the same member, and their batches of partition N are processed one at
   * a time under partition N's transactional id, so they share one state store. Default none.
   */
  readonly coPartitionedTopics?: readonly string[];
  readonly groupId: string;
  /** Prefix of the per-partition transactional ids (`<prefix>-p<N>`): one per input partition fences zombies. */
  readonly transactionalIdPrefix: string;
  /** Session timeout of the group in ms. Default 30000. */
  readonly sessionTimeoutMs?: number;
  /** How many partitions are processed at once. Default 3. */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * How much state this member holds per partition (changelog records its store reflects), sent
   * with every join: the group's assigner gives each partition to the member holding most of its
   * state, within shares as even as round-robin (src/kafka/assignment.ts). Default nothing held.
   */
  held?(): ReadonlyMap<number, bigint>;
  /** Told the partitions this member owns after every join (before any batch of them). */
  onAssignment?(partitions: readonly number[]): Promise<void> | void;
  /**
   * Runs before the first batch of a partition after it was settled (its predecessor's transaction
   * completed or aborted): restore what the batch needs. `false`: not ready, give the batch back.
   */
  prepare?(partition: number, isCurrent: () => boolean): Promise<boolean>;
  /** Builds a batch's output. Throw a retryable HubError to retry the batch after a pause. */
  process(batch: InputBatch): Promise<BatchResult>;
  /** The dead letter for a message whose output the broker refused for good. */
  refused(batch: InputBatch, message: KafkaMessage, error: HubError): Promise<OutputRecord>;
  /** Told of each retry (for metrics). */
  onRetry?(error: unknown): void;
  /**
   * How long the offsets of batches that wrote nothing may wait for a transaction of their own, in
   * ms. Default 1000. Such a batch has no effect anyone can see, so it needs no transaction: its
   * offsets ride on the partition's next transaction, or are committed alone once this has passed.
   */
  readonly emptyCommitIntervalMs?: number;
}

export interface PartitionProcessor {
  readonly consumer: Consumer;
  /** Partitions owned now, as of the last join. */
  owned(): readonly number[];
  /** Stops fetching, lets the batches in flight finish their transactions, and disconnects. */
  stop(): Promise<void>;
}

/** How often a partition processor's member heartbeats (at most; a third of the session timeout if less). */
export const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * The consumer settings of a partition processor (exported so that the benchmark's same-shape pipe,
 * the floor the hub is measured against, runs with the very same).
 */
export const processorConsumerConfig = (groupId: string, sessionTimeoutMs = 30_000): ConsumerConfig => ({
  groupId, readUncommitted: false, sessionTimeout: sessionTimeoutMs,
  // A member learns that another joins at its next heartbeat, and until then the newcomer waits and
  // the group serves nothing new: a second instance started beside a first one (or the other way
  // round) joined up to 3 s later with kafkajs's default. One heartbeat a second is a small request.
  heartbeatInterval: Math.min(HEARTBEAT_INTERVAL_MS, Math.floor(sessionTimeoutMs / 3)),
  // An idle fetch returns within a second, so a stop does not wait out a long poll.
  maxWaitTimeInMs: 1000,
  // A batch becomes one transaction of about five records per report, all of it alive until the
  // transaction commits: a quarter of a megabyte per partition keeps transactions short, and the
  // memory and the garbage collector's copying bounded while a large backlog drains.
  maxBytesPerPartition: 256 * 1024, maxBytes: 1024 * 1024,
});

/** The settings of the transactional producer of one input partition (exported for the same reason). */
export const transactionalProducerConfig = (transactionalId: string): ProducerConfig => ({
  transactionalId, idempotent: true, maxInFlightRequests: 1, transactionTimeout: 60_000,
  // A transaction begun right after a commit is mostly answered CONCURRENT_TRANSACTIONS while the
  // coordinator writes the markers (about 1.7 AddPartitionsToTxn per transaction here); kafkajs
  // retries it, and a first wait of 2 ms, not 10, keeps that cheap: bare transactions back to back
  // took 7.4–8.4 ms against 11.5–15.9 ms.
  retry: { initialRetryTime: 2, maxRetryTime: 2000, retries: 30, multiplier: 1.5 },
});

/** Heartbeat answers that mean this member no longer holds its partitions as it believes. */
const MEMBERSHIP_LOST = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR']);
const staleBatch = new Error('stale batch');
/** A batch given back because its partition is paused while its state restores. */
const pausedBatch = new Error('paused batch');
/** How long a partition's first batch waits for its state before the partition is paused while it restores, ms. */
const PREPARE_INLINE_MS = 500;
const isRetryable = (error: unknown): boolean => (isHubError(error) ? error.canRetry : true);

/**
 * Consume-transform-produce, exactly once: each batch of an input partition becomes one Kafka
 * transaction holding its output records and the consumed offset. One transactional id per input
 * partition fences a zombie owner (kafkajs's `sendOffsets` carries no group generation). Before the
 * first batch of a partition, and after every failed batch, the partition is settled: a new
 * producer with its transactional id completes or aborts what a predecessor left open, then the
 * group's committed offset says where to start (kafkajs's offset fetch does not wait for pending
 * transactional offsets, KIP-447). A batch begun before a rebalance never commits after it.
 */
export const startPartitionProcessor = async (o: PartitionProcessorOptions): Promise<PartitionProcessor> => {
  const logger = o.logger.child({ component: 'partition-processor', topic: o.topic });
  const sessionTimeout = o.sessionTimeoutMs ?? 30_000;
  const producers = new Map<number, Producer>();
  const inputs = [o.topic, ...(o.coPartitionedTopics ?? [])];
  const assigner = hubAssigner(o.held);
  const consumer = o.kafka.consumer({
    ...processorConsumerConfig(o.groupId, sessionTimeout),
    // With one input, kafkajs's round-robin as well: a group with members of an older hub (which
    // offer only that) still forms, and this assigner is used once every member offers it.
    partitionAssigners: inputs.length > 1 ? [assigner] : [assigner, PartitionAssigners.roundRobin],
  });
  let owned: number[] = [];
  let stopping = false;
  let inFlight = 0;
  const emptyCommitIntervalMs = o.emptyCommitIntervalMs ?? 1000;
  /**
   * Per partition, the offsets (per input topic) of batches that wrote nothing and are not yet
   * committed, with the settlement they belong to.
   */
  const uncommitted = new Map<number, { offsets: Map<string, string>; generation: number | undefined; timer?: NodeJS.Timeout }>();
  const forget = (partition: number) => {
    clearTimeout(uncommitted.get(partition)?.timer);
    uncommitted.delete(partition);
  };

  const producerFor = async (partition: number): Promise<Producer> => {
    let producer = producers.get(partition);
    if (!producer) {
      producer = o.kafka.producer(transactionalProducerConfig(`${o.transactionalIdPrefix}-p${partition}`));
      await producer.connect();
      producers.set(partition, producer);
    }
    return producer;
  };

  let admin: Admin | undefined;
  const committedOffset = async (topic: string, partition: number): Promise<bigint | undefined> => {
    if (!admin) { admin = o.kafka.admin(); await admin.connect(); }
    const [offsets] = await admin.fetchOffsets({ groupId: o.groupId, topics: [topic] });
    const committed = offsets?.partitions.find((p) => p.partition === partition)?.offset;
    return committed === undefined || committed === '-1' ? undefined : BigInt(committed);
  };

  /** A fresh producer for the partition's id, then the committed offset; retried until it answers. */
  const settle = async (topic: string, partition: number, wanted: () => boolean, pause: (ms: number) => Promise<void>): Promise<bigint | undefined> => {
    for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5000)) {
      if (!wanted()) return undefined;
      const stale = producers.get(partition);
      producers.delete(partition);
      await stale?.disconnect().catch(() => undefined);
      try {
        await producerFor(partition);
        return (await committedOffset(topic, partition)) ?? 0n;
      } catch (error) {
        logger.warn({ err: error, partition, retryInMs: delayMs }, 'could not settle the partition\'s transaction and offset; trying again');
        await admin?.disconnect().catch(() => undefined);
        admin = undefined;
        await pause(delayMs);
      }
    }
  };

  const commit = async (batch: InputBatch, records: readonly OutputRecord[], nextOffset: string, stillCurrent: () => boolean): Promise<{ written: RecordMetadata[]; ends: Map<string, bigint> }> => {
    // Offsets of earlier batches of this partition that wrote nothing are committed with this one.
    const waiting = uncommitted.get(batch.partition);
    const offsets = new Map(waiting?.generation === generations.get(batch.partition) ? waiting?.offsets : undefined);
    offsets.set(batch.topic, nextOffset);
    const producer = await producerFor(batch.partition);
    const transaction = await producer.transaction();
    try {
      // kafkajs puts a send's records for one partition into one record batch, which the broker
      // refuses above its message.max.bytes (1 MiB by default): a batch with many outputs is sent in
      // parts, in order, within the one transaction.
      const written: RecordMetadata[] = [];
      const ends = new Map<string, bigint>();
      for (const part of sendParts(records)) {
        const byTopic = new Map<string, TopicMessages>();
        const pinned = new Map<string, number>();
        for (const r of part) {
          let t = byTopic.get(r.topic);
          if (!t) byTopic.set(r.topic, (t = { topic: r.topic, messages: [] }));
          t.messages.push(r); // a record is a message as kafkajs reads it (key, value, headers, partition), which it does not change
          if (r.partition !== undefined) {
            const key = endKey(r.topic, r.partition);
            pinned.set(key, (pinned.get(key) ?? 0) + 1);
          }
        }
        const sent = await transaction.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 });
        written.push(...sent);
        // A part's records for one partition are one record batch: consecutive offsets from its base.
        for (const m of sent) {
          const key = endKey(m.topicName, m.partition);
          const count = pinned.get(key);
          if (count !== undefined && m.baseOffset !== undefined) ends.set(key, BigInt(m.baseOffset) + BigInt(count));
        }
      }
      await transaction.sendOffsets({ consumerGroupId: o.groupId, topics: [...offsets].map(([topic, offset]) => ({ topic, partitions: [{ partition: batch.partition, offset }] })) });
      if (!stillCurrent()) throw staleBatch;
      await transaction.commit();
      if (waiting && uncommitted.get(batch.partition) === waiting) forget(batch.partition);
      return { written, ends };
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      if (error === staleBatch) throw error;
      // kafkajs marks errors a retry cannot fix (a record too large, a timestamp out of range).
      const refused = (error as { retriable?: boolean; name?: string }).retriable === false && (error as { name?: string }).name === 'KafkaJSProtocolError';
      // kafkajs has already counted the refused records into its sequence numbers: every later send of
      // this producer would be OUT_OF_ORDER_SEQUENCE_NUMBER. A fresh producer (same id) starts clean.
      if (refused && producers.get(batch.partition) === producer) {
        producers.delete(batch.partition);
        await producer.disconnect().catch(() => undefined);
      }
      throw new HubError(refused ? 'KAFKA_REFUSED' : 'KAFKA_UNAVAILABLE', `transaction for ${batch.topic}[${batch.partition}] failed: ${(error as Error).message}`, { cause: error });
    }
  };

  const runBatch = async (batch: InputBatch, stillCurrent: () => boolean) => {
    const result = await o.process(batch);
    if (!stillCurrent()) throw staleBatch;
    const last = batch.messages[batch.messages.length - 1]!;
    const nextOffset = (BigInt(last.offset) + 1n).toString();
    if (result.records.length === 0 && !stopping) {
      // Nothing written: if the batch is processed again (its offset lost with a crash or a
      // rebalance), nobody has seen it the first time, so exactly-once holds without a transaction.
      leaveUncommitted(batch.partition, batch.topic, nextOffset);
      await result.afterCommit?.([], new Map());
      return;
    }
    const { written, ends } = await commit(batch, result.records, nextOffset, stillCurrent);
    await result.afterCommit?.(written, ends);
  };

  /** Records a batch's offset as waiting, and makes sure it is committed within the interval. */
  const leaveUncommitted = (partition: number, topic: string, nextOffset: string) => {
    let waiting = uncommitted.get(partition);
    if (!waiting) uncommitted.set(partition, (waiting = { offsets: new Map(), generation: generations.get(partition) }));
    waiting.offsets.set(topic, nextOffset);
    waiting.timer ??= setTimeout(() => { void commitWaiting(partition, waiting); }, emptyCommitIntervalMs);
  };

  /** Commits the waiting offsets of a partition in a transaction of their own, in the partition's turn. */
  const commitWaiting = async (partition: number, waiting: NonNullable<ReturnType<typeof uncommitted.get>>) => {
    clearTimeout(waiting.timer);
    waiting.timer = undefined;
    const endTurn = await takeTurn(partition, async () => undefined);
    try {
      const current = () => uncommitted.get(partition) === waiting && owned.includes(partition) && generations.get(partition) === waiting.generation;
      if (!current()) return;
      const [topic, offset] = [...waiting.offsets][0]!;
      await commit({ topic, partition, messages: [] }, [], offset, current);
    } catch (error) {
      // Taken again at the next batch, or by the next owner, who reads these messages again.
      if (error !== staleBatch) logger.warn({ err: error, partition }, 'could not commit the offsets of batches that wrote nothing; they go with the next transaction');
    } finally {
      endTurn();
    }
  };

  /** One message at a time; the one whose output the broker refuses is dead-lettered alone. */
  const isolateRefused = async (batch: InputBatch, stillCurrent: () => boolean) => {
    for (const message of batch.messages) {
      const single = { ...batch, messages: [message] };
      try {
        await runBatch(single, stillCurrent);
      } catch (error) {
        if (!(isHubError(error) && error.code === 'KAFKA_REFUSED')) throw error;
        await commit(single, [await o.refused(single, message, error)], (BigInt(message.offset) + 1n).toString(), stillCurrent);
        logger.error({ partition: batch.partition, offset: message.offset }, 'report dead-lettered: the broker refused its output');
      }
    }
  };

  /** Per input topic and partition (`topic|N`), the committed offset read once since the last join: where this owner starts. */
  const settled = new Map<string, bigint>();
  /** Per partition, the batch of any input being processed: co-partitioned inputs take turns (one producer, one store). */
  const turns = new Map<number, Promise<void>>();
  const takeTurn = async (partition: number, beat: () => Promise<void>): Promise<() => void> => {
    const before = turns.get(partition) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => { done = resolve; });
    const chained = before.then(() => mine);
    turns.set(partition, chained);
    // kafkajs heartbeats only when asked: a batch waiting its turn keeps the membership alive.
    for (let ready = false; !ready;) {
      let timer: NodeJS.Timeout | undefined;
      ready = await Promise.race([before.then(() => true), new Promise<boolean>((r) => { timer = setTimeout(() => r(false), 1000); })]);
      clearTimeout(timer);
      if (!ready) await beat().catch((error: unknown) => { done(); throw error; });
    }
    return () => {
      done();
      if (turns.get(partition) === chained) turns.delete(partition);
    };
  };
  /** Per partition, how many times it was settled: a batch of an older settlement is stale. */
  const generations = new Map<number, number>();
  /** The owner's work on a new assignment (restoring state); a batch waits for it. */
  let assigned: Promise<boolean> = Promise.resolve(true);
  /** Tells `onAssignment` after what was told before; false when it failed (a batch tries again). */
  const takeUp = (partitions: readonly number[]): Promise<boolean> => {
    assigned = assigned.then(async () => {
      try {
        await o.onAssignment?.(partitions);
        return true;
      } catch (error) {
        logger.error({ err: error, partitions }, 'could not take up the assigned partitions; the next batch tries again');
        return false;
      }
    });
    return assigned;
  };
  /** Joins so far: a restore waited for in the background belongs to the join it began in. */
  let joins = 0;
  /** Partitions paused while their state restores in the background. */
  const restoring = new Set<number>();
  const steer = (how: 'pause' | 'resume', partition: number) => {
    try {
      for (const topic of inputs) consumer[how]([{ topic, partitions: [partition] }]);
    } catch (error) {
      // Between a crash of the consumer and its restart; the next join resumes what is paused.
      logger.warn({ err: error, partition }, `could not ${how} the partition`);
    }
  };
  const resumeRestored = (partition: number) => {
    if (restoring.delete(partition)) steer('resume', partition);
  };

  /**
   * Whether the partition's state is ready for its first batch (`o.prepare`). A restore that takes
   * longer than a moment goes on in the background while the partition is paused, and its batch is
   * given back: waiting in the batch would hold up every other partition's fetches (kafkajs fetches
   * again only when all batches of the last fetch are done) and the heartbeats with them, so that
   * a restore longer than the session timeout cost the member its partitions, and whoever took
   * them over restored them again. Once restored, the partition is resumed and its batch, fetched
   * again, settles anew and finds the state ready.
   */
  const prepared = async (partition: number, current: () => boolean, pause: (ms: number) => Promise<void>): Promise<boolean> => {
    const join = joins;
    const preparing = o.prepare!(partition, () => current() && joins === join);
    let timer: NodeJS.Timeout | undefined;
    const inline = await Promise.race([
      preparing.then((ready) => ({ ready }), (error: unknown) => ({ error })),
      new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), PREPARE_INLINE_MS); }),
    ]);
    clearTimeout(timer);
    if (inline && 'ready' in inline) return inline.ready;
    if (inline) {
      // Restoring failed (a broker or the changelog reader away): nothing was decided, so the
      // batch is given back and fetched again, never thrown into kafkajs, whose consumer would
      // stop for good on an error it does not know as retriable.
      logger.warn({ err: inline.error, partition }, 'could not restore the partition\'s state; giving the batch back');
      await pause(1000);
      return false;
    }
    logger.info({ partition }, 'partition paused while its state restores');
    restoring.add(partition);
    steer('pause', partition);
    preparing.then(
      () => { if (joins === join) resumeRestored(partition); },
      (error: unknown) => {
        logger.warn({ err: error, partition }, 'could not restore the partition\'s state; trying again in a second');
        setTimeout(() => { if (joins === join) resumeRestored(partition); }, 1000);
      },
    );
    throw pausedBatch;
  };

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    joins++;
    // Whatever this member owns now is fetched; a partition still restoring is paused again by its first batch.
    for (const partition of [...restoring]) resumeRestored(partition);
    settled.clear();
    // Batches not yet committed are read again from the committed offsets by whoever owns them now.
    for (const partition of [...uncommitted.keys()]) forget(partition);
    const partitions = [...(event.payload.memberAssignment[o.topic] ?? [])].sort((a, b) => a - b);
    owned = partitions;
    // Told at once, not at the first batch: state restores start while the partitions are idle.
    void takeUp(partitions);
  });

  await consumer.connect();
  await consumer.subscribe({ topics: inputs, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 3,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
      if (batch.messages.length === 0 || stopping) return;
      inFlight++;
      const slot = `${batch.topic}|${batch.partition}`;
      let endTurn: (() => void) | undefined;
      try {
        const taking = assigned;
        if (!(await taking)) {
          // Taking up the assignment failed (a broker away): try again once, for every batch
          // waiting on it, and give this batch back meanwhile.
          await new Promise((r) => setTimeout(r, 1000));
          if (assigned === taking) void takeUp(owned);
          throw staleBatch;
        }
        endTurn = await takeTurn(batch.partition, () => heartbeat().catch((error: { type?: string }) => {
          if (MEMBERSHIP_LOST.has(error.type ?? '')) throw staleBatch;
        }));
        // kafkajs heartbeats only when asked: waits are cut into steps with a heartbeat each; a lost
        // membership ends the batch (its offsets are not resolved, so nothing is skipped).
        const pause = async (ms: number) => {
          for (let left = ms; left > 0 && isRunning() && !stopping; left -= 500) {
            await new Promise((r) => setTimeout(r, Math.min(500, left)));
            await heartbeat().catch((error: { type?: string }) => {
              if (MEMBERSHIP_LOST.has(error.type ?? '')) throw error;
            });
          }
        };
        const current = () => isRunning() && !isStale() && !stopping;
        if (!settled.has(slot)) {
          generations.set(batch.partition, (generations.get(batch.partition) ?? 0) + 1);
          const start = await settle(batch.topic, batch.partition, current, pause);
          if (start === undefined) throw staleBatch;
          if (o.prepare && !(await prepared(batch.partition, current, pause))) throw staleBatch;
          settled.set(slot, start);
        }
        // Messages below the committed offset were written by the previous owner: never again.
        let from = settled.get(slot) ?? 0n;
        const generation = generations.get(batch.partition);
        const stillCurrent = () => current() && generations.get(batch.partition) === generation;
        let delayMs = 250;
        for (;;) {
          if (!stillCurrent()) throw staleBatch;
          const pending = { topic: batch.topic, partition: batch.partition, messages: batch.messages.filter((m) => BigInt(m.offset) >= from) };
          try {
            if (pending.messages.length > 0) await runBatch(pending, stillCurrent);
            resolveOffset(batch.lastOffset());
            return;
          } catch (error) {
            if (error === staleBatch) throw error;
            if (isHubError(error) && error.code === 'KAFKA_REFUSED') {
              await isolateRefused(pending, stillCurrent);
              resolveOffset(batch.lastOffset());
              return;
            }
            if (!isRetryable(error)) throw error;
            o.onRetry?.(error);
            logger.warn({ err: error, partition: batch.partition, retryInMs: delayMs }, 'batch failed; retrying');
            await pause(delayMs);
            delayMs = Math.min(delayMs * 2, 10_000);
            // A commit whose answer was lost may have taken effect: settling says which messages are
            // still to do; until it can say, nothing is redone.
            const start = await settle(batch.topic, batch.partition, stillCurrent, pause);
            if (start === undefined) throw staleBatch;
            from = start;
          }
        }
      } catch (error) {
        if (error === pausedBatch) return;
        if (error !== staleBatch) throw error;
        // Not resolved: the batch is fetched again by whoever owns the partition now.
        logger.warn({ partition: batch.partition }, 'batch given back: the partition was reassigned or the hub is stopping');
      } finally {
        endTurn?.();
        inFlight--;
      }
    },
  });
  logger.info({ groupId: o.groupId }, 'partition processor running');

  return {
    consumer,
    owned: () => owned,
    async stop() {
      stopping = true;
      // The transaction in flight finishes (or is given back) before the group is left.
      for (let waited = 0; inFlight > 0 && waited < 8000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      // Offsets of batches that wrote nothing are committed before the group is left.
      await Promise.all([...uncommitted].map(([partition, waiting]) => commitWaiting(partition, waiting)));
      await consumer.disconnect().catch(() => undefined);
      await Promise.all([...producers.values()].map((p) => p.disconnect().catch(() => undefined)));
      await admin?.disconnect().catch(() => undefined);
    },
  };
};

/** Bytes of record values (and keys) per send within a transaction: well below the broker's 1 MiB default. */
const SEND_PART_BYTES = 512 * 1024;

/** The records in consecutive parts of at most SEND_PART_BYTES (a larger record alone). */
const sendParts = (records: readonly OutputRecord[]): OutputRecord[][] =>
  inParts(records, (r) => (r.value?.length ?? 0) + (r.key?.length ?? 0), SEND_PART_BYTES);

/**
 * Assigns partition N of every subscribed topic to the same member (what Kafka Streams does for
 * co-partitioned inputs), and each partition number to the member that holds most of its state,
 * within even shares (`assignPartitions`). Each member sends what it holds as its metadata's user
 * data; a member sending none (an older hub) holds nothing.
 */
const hubAssigner = (held: (() => ReadonlyMap<number, bigint>) | undefined): PartitionAssigner => ({ cluster }) => ({
  name: 'HubCoPartitionedAssigner',
  version: 1,
  async assign({ members, topics }) {
    const partitions = Math.min(...topics.map((t) => cluster.findTopicPartitionMetadata(t).length));
    const holdings = members.map((m) => ({ memberId: m.memberId, held: decodeHolding(AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData) }));
    const dealt = assignPartitions(partitions, holdings);
    return [...dealt].map(([memberId, numbers]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: this.version, assignment: Object.fromEntries(topics.map((t) => [t, [...numbers]])), userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: this.name, metadata: AssignerProtocol.MemberMetadata.encode({ version: this.version, topics, userData: held ? encodeHolding(held()) : Buffer.alloc(0) }) };
  },
});
