import fs from 'node:fs';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '../shared/logger.ts';
import { openPartitionStore, storedCheckpoint, wipePartitionStore, type Checkpoint, type PartitionStore } from '../state/partition-store.ts';
import type { StateChange } from '../state/changes.ts';
import { topicOffsets } from './client.ts';

/**
 * Turns a changelog record into state changes (decoding it); `[]` for a record that changes nothing.
 * A promise only when it must wait (say, for a schema): a restore reads millions of records.
 */
export type ChangelogReader = (topic: string, message: KafkaMessage) => readonly StateChange[] | Promise<readonly StateChange[]>;

export interface StateRestorerOptions {
  readonly kafka: Kafka;
  readonly logger: Logger;
  /** Folder of this instance's partition stores (one SQLite database per partition below it). */
  readonly stateDir: string;
  /** Changelog topics, co-partitioned with the inbound topic. */
  readonly changelogs: readonly string[];
  /**
   * Of those, the ones only this hub writes: read during a restore and not after it (the owner
   * applies its own changes when they commit). The others (membership) are followed all along.
   */
  readonly ownChangelogs: readonly string[];
  readonly read: ChangelogReader;
  /** Consumer group of the restorer, one per instance; it commits nothing. */
  readonly groupId: string;
  /** How long a released partition's store stays open for a quick return; default `RELEASED_STORE_CLOSE_MS`. */
  readonly releasedStoreCloseMs?: number;
  /** Changelog records a restore applies to a store in one transaction; default `RESTORE_RECORDS_PER_TRANSACTION`. */
  readonly restoreRecordsPerTransaction?: number;
}

/**
 * A released partition's store is closed once it has stayed released this long (a batch of it still
 * finishing is waited for). A partition handed back later reopens its store, which costs an
 * `open` and the same delta restore a store kept open would need. Closed, it gives back its page
 * cache (4 MiB) and its file handles: an instance that starts first takes every partition until the
 * others join (national scenario: the first instance serves all three for the 3 s until the second
 * has joined), and holds on to none of them for long after.
 */
export const RELEASED_STORE_CLOSE_MS = 2_000;

/**
 * Changelog records applied to a store in one transaction while restoring: about one fetch of a
 * partition (a megabyte of memberships), each part with its checkpoint. The store appends a
 * restore's writes to its staging tables and merges them in key order when the partition is ready
 * (`PartitionStore.apply`), so a part's cost hardly depends on its size: 833,000 memberships into
 * one store, 1.4 µs a record staged and merged, against 5.7 put in place at 10,000 a transaction
 * (and 10.7 at 2,000). SQLite spills a transaction larger than its page cache to the log, so the
 * size costs no resident memory beyond the records' objects.
 */
export const RESTORE_RECORDS_PER_TRANSACTION = 10_000;

/** How far one partition's restore has come, for `hub lag` and the dashboard. */
export interface RestoreProgress {
  readonly partition: number;
  readonly phase: 'restoring' | 'ready';
  /** Records still to read, summed over the changelog topics (0 when ready). */
  readonly remaining: number;
  readonly entries: number;
}

export interface StateRestorer {
  /** The partitions this instance owns now: stores are opened and restored, released ones closed. */
  assign(partitions: readonly number[]): Promise<void>;
  /**
   * Resolves with the partition's store once it holds every changelog record written before the
   * call. Call it after the partition's transactions are settled, so that nothing is pending.
   */
  restored(partition: number, isCurrent: () => boolean): Promise<PartitionStore | undefined>;
  progress(): RestoreProgress[];
  /**
   * Per partition this instance has a store of (open or on disk), the changelog records it reflects:
   * what the partition processor tells its group, so a partition goes back to the instance with its state.
   */
  held(): ReadonlyMap<number, bigint>;
  /** The stores of the partitions owned now (for look-ups by operations and tests). */
  stores(): readonly PartitionStore[];
  stop(): Promise<void>;
}

interface Owned {
  readonly store: PartitionStore;
  /** Next offset to read per changelog topic. */
  readonly position: Map<string, bigint>;
  /** The changelogs' ends: at assignment, then what a pending `restored` waits for, per topic. */
  target?: Map<string, bigint>;
  /** Whether the ends read at assignment were reached (logged once). */
  caughtUp: boolean;
  phase: 'restoring' | 'ready';
  /** Batches of this partition being applied: closing waits for them. */
  busy: number;
  readonly assignedAt: number;
}

/**
 * Keeps the stores of the owned partitions current from the changelog topics. It reads with a
 * consumer of its own group (it is that group's only member, so it is assigned every partition)
 * and seeks each owned partition to the offset its store's checkpoint names; the rest are paused.
 * A store whose checkpoint lies outside the topic's log (ahead of its end, or before its start) is
 * wiped and restored from the start: never decide from a store that is ahead of or behind Kafka.
 */
export const startStateRestorer = async (o: StateRestorerOptions): Promise<StateRestorer> => {
  const logger = o.logger.child({ component: 'state-restorer' });
  const owned = new Map<number, Owned>();
  const admin: Admin = o.kafka.admin();
  await admin.connect();
  const consumer: Consumer = o.kafka.consumer({ groupId: o.groupId, readUncommitted: false, maxWaitTimeInMs: 500, 
    // A fetch becomes one JavaScript object per record: a megabyte per partition keeps a restore of
    // millions of memberships within the hub's heap, at little cost in speed.
    maxBytesPerPartition: 1024 * 1024, maxBytes: 3 * 1024 * 1024 });
  let joined = false;
  let partitionCount = 0;
  const waiters = new Set<() => void>();
  const remaining = (s: Owned): bigint => [...(s.target ?? [])].reduce((sum, [t, high]) => sum + (high > (s.position.get(t) ?? 0n) ? high - (s.position.get(t) ?? 0n) : 0n), 0n);
  const wake = () => {
    for (const [partition, s] of owned) {
      if (!s.caughtUp && remaining(s) === 0n) {
        s.caughtUp = true;
        logger.info({ partition, ms: Date.now() - s.assignedAt, entries: s.store.entries() }, 'partition state caught up with its changelogs');
      }
    }
    for (const w of [...waiters]) w();
  };

  const offsetsOf = async (topic: string, partition: number) => {
    const offsets = await topicOffsets(admin, topic);
    const p = offsets.find((x) => x.partition === partition);
    return { low: BigInt(p?.low ?? '0'), high: BigInt(p?.high ?? '0') };
  };

  /**
   * Runs `steer` on the consumer while it is in its group. Between a crash of the consumer and its
   * restart kafkajs refuses pause, resume and seek; the next join steers and seeks again, so the
   * call is dropped, never thrown into the caller (a partition processor's batch).
   */
  const onConsumer = (what: string, steer: () => void) => {
    if (!joined) return;
    try {
      steer();
    } catch (error) {
      joined = false;
      logger.warn({ err: error, what }, 'changelog reader is between a crash and its restart; its next join applies this');
    }
  };
  /** Pauses what is not owned and seeks what is owned to its position (only once joined). */
  const steer = () => onConsumer('pause and resume', () => {
    for (const topic of o.changelogs) {
      const all = Array.from({ length: partitionCount }, (_, i) => i);
      const live = all.filter((p) => {
        const s = owned.get(p);
        return s && (s.phase === 'restoring' || !o.ownChangelogs.includes(topic));
      });
      const paused = all.filter((p) => !live.includes(p));
      if (paused.length > 0) consumer.pause([{ topic, partitions: paused }]);
      if (live.length > 0) consumer.resume([{ topic, partitions: live }]);
    }
  });
  const seekOwned = (partition: number, s: Owned) => onConsumer('seek', () => {
    for (const topic of o.changelogs) consumer.seek({ topic, partition, offset: (s.position.get(topic) ?? 0n).toString() });
  });

  const perTransaction = o.restoreRecordsPerTransaction ?? RESTORE_RECORDS_PER_TRANSACTION;
  /**
   * Every store this instance has open, owned or released less than `RELEASED_STORE_CLOSE_MS` ago:
   * a rebalance never waits for a store to close, and a partition that comes back soon reopens
   * nothing. All are closed when the restorer stops.
   */
  const opened = new Map<number, PartitionStore>();
  /** Stores on disk that are not open: the records each one's checkpoint reflects (read at start and at closing). */
  const onDisk = new Map<number, bigint>();
  for (const name of fs.existsSync(o.stateDir) ? fs.readdirSync(o.stateDir) : []) {
    const partition = /^p(\d+)$/.exec(name)?.[1];
    const checkpoint = partition === undefined ? undefined : await storedCheckpoint(o.stateDir, Number(partition));
    if (checkpoint) onDisk.set(Number(partition), recordsIn(checkpoint));
  }
  /** Released partitions' pending closes (timers), and closes under way (a reopen waits for them). */
  const closeTimers = new Map<number, NodeJS.Timeout>();
  const closing = new Map<number, Promise<void>>();
  const storeOf = (partition: number): PartitionStore => {
    let store = opened.get(partition);
    if (!store) opened.set(partition, (store = openPartitionStore(o.stateDir, partition)));
    return store;
  };

  const open = async (partition: number): Promise<Owned> => {
    await closing.get(partition);
    let store = storeOf(partition);
    const checkpoint = store.checkpoint();
    // A checkpoint outside the log: the topic was recreated, or records were removed before they
    // were applied. Either way the store cannot be trusted to match Kafka.
    for (const topic of o.changelogs) {
      const at = checkpoint[topic] ?? 0n;
      const { low, high } = await offsetsOf(topic, partition);
      if (at > high || (at < low && at !== 0n) || (at === 0n && low > 0n && store.entries() > 0)) {
        logger.warn({ partition, topic, checkpoint: at.toString(), low: low.toString(), high: high.toString() }, 'partition store does not match its changelog; wiping it and restoring from the start');
        opened.delete(partition);
        await store.close();
        wipePartitionStore(o.stateDir, partition);
        onDisk.delete(partition);
        store = storeOf(partition);
        break;
      }
    }
    const position = new Map(o.changelogs.map((t) => [t, store.checkpoint()[t] ?? 0n] as const));
    const target = new Map<string, bigint>();
    for (const topic of o.changelogs) target.set(topic, (await offsetsOf(topic, partition)).high);
    return { store, position, target, caughtUp: false, phase: 'restoring', busy: 0, assignedAt: Date.now() };
  };

  /** A released partition is no longer read; its store is closed if it stays released (see `opened`). */
  const release = (partition: number) => {
    const s = owned.get(partition);
    owned.delete(partition);
    const timer = setTimeout(() => {
      closeTimers.delete(partition);
      const done = closeReleased(partition, s).finally(() => closing.delete(partition));
      closing.set(partition, done);
    }, o.releasedStoreCloseMs ?? RELEASED_STORE_CLOSE_MS);
    timer.unref();
    closeTimers.set(partition, timer);
  };
  const closeReleased = async (partition: number, s: Owned | undefined): Promise<void> => {
    while (s && s.busy > 0) await new Promise((r) => setTimeout(r, 10));
    const store = opened.get(partition);
    if (owned.has(partition) || !store) return;
    opened.delete(partition);
    await store.close();
    onDisk.set(partition, recordsIn(store.checkpoint()));
    logger.info({ partition }, 'store of a released partition closed');
  };

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    partitionCount = Math.max(0, ...Object.values(event.payload.memberAssignment).map((ps) => Math.max(-1, ...ps) + 1));
    joined = true;
    for (const [p, s] of owned) seekOwned(p, s);
    steer();
  });
  // A crash (restarted by kafkajs after a pause) or a stop leaves the group: nothing is steered
  // until the next join, which seeks and steers every owned partition again.
  consumer.on(consumer.events.CRASH, () => { joined = false; });
  consumer.on(consumer.events.STOP, () => { joined = false; });
  // Batches of only transaction markers or aborted records reach no handler, but move the position.
  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    const s = owned.get(event.payload.partition);
    if (!s || event.payload.lastOffset === null) return;
    const next = BigInt(event.payload.lastOffset) + 1n;
    if (next > (s.position.get(event.payload.topic) ?? 0n)) s.position.set(event.payload.topic, next);
    wake();
  });

  await consumer.connect();
  await consumer.subscribe({ topics: [...o.changelogs], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 4,
    eachBatch: async ({ batch, isStale }) => {
      const s = owned.get(batch.partition);
      if (!s || (s.phase === 'ready' && o.ownChangelogs.includes(batch.topic))) return;
      const from = s.position.get(batch.topic) ?? 0n;
      const messages = batch.messages.filter((m) => BigInt(m.offset) >= from);
      if (messages.length === 0 || isStale()) return;
      s.busy++;
      try {
        // A transaction per part of a batch, each with its checkpoint: a stop between parts loses nothing.
        for (let at = 0; at < messages.length; at += perTransaction) {
          const part = messages.slice(at, at + perTransaction);
          const changes: StateChange[] = [];
          for (const m of part) {
            const read = o.read(batch.topic, m);
            for (const c of Array.isArray(read) ? read : await read) changes.push(c);
          }
          const next = BigInt(part[part.length - 1]!.offset) + 1n;
          if (owned.get(batch.partition) !== s || isStale()) return;
          // While the partition restores nothing reads its store, which stages what it can.
          await s.store.apply(changes, { [batch.topic]: next }, s.phase === 'restoring' ? 'restoring' : undefined);
          if (next > (s.position.get(batch.topic) ?? 0n)) s.position.set(batch.topic, next);
        }
      } finally {
        s.busy--;
      }
      wake();
    },
  });

  return {
    async assign(partitions) {
      for (const p of [...owned.keys()]) if (!partitions.includes(p)) release(p);
      for (const p of partitions) {
        clearTimeout(closeTimers.get(p));
        closeTimers.delete(p);
        const kept = owned.get(p);
        if (kept) {
          // Kept across a rebalance, but another member may have owned it in a generation this one
          // missed (a session that timed out): read the own changelogs again from what the store
          // holds, and let the next `restored` wait for their ends.
          if (kept.phase === 'ready') {
            kept.phase = 'restoring';
            for (const topic of o.ownChangelogs) {
              const at = kept.store.checkpoint()[topic] ?? 0n;
              if (at > (kept.position.get(topic) ?? 0n)) kept.position.set(topic, at);
              onConsumer('seek', () => consumer.seek({ topic, partition: p, offset: (kept.position.get(topic) ?? 0n).toString() }));
            }
          }
          continue;
        }
        const s = await open(p);
        owned.set(p, s);
        seekOwned(p, s);
      }
      steer();
      // A partition whose changelogs are empty, or already read to their ends, is caught up now.
      wake();
    },
    async restored(partition, isCurrent) {
      const s = owned.get(partition);
      if (!s) return undefined;
      if (s.phase === 'ready') return s.store;
      const target = new Map<string, bigint>();
      for (const topic of o.changelogs) target.set(topic, (await offsetsOf(topic, partition)).high);
      s.target = target;
      const started = Date.now();
      for (;;) {
        if (owned.get(partition) !== s || !isCurrent()) return undefined;
        if ([...target].every(([t, high]) => (s.position.get(t) ?? 0n) >= high)) break;
        await new Promise<void>((resolve) => {
          const done = () => { waiters.delete(done); clearTimeout(timer); resolve(); };
          const timer = setTimeout(done, 200);
          waiters.add(done);
        });
      }
      s.phase = 'ready';
      // The store now holds everything: its checkpoint moves to where the restore ended, and what
      // the restore staged is merged into it.
      await s.store.apply([], Object.fromEntries(o.changelogs.map((t) => [t, s.position.get(t) ?? 0n])));
      steer();
      logger.info({ partition, sinceAssignedMs: Date.now() - s.assignedAt, waitedMs: Date.now() - started, entries: s.store.entries() }, 'partition state restored');
      return s.store;
    },
    held() {
      const held = new Map(onDisk);
      for (const [partition, store] of opened) held.set(partition, recordsIn(store.checkpoint()));
      return held;
    },
    stores: () => [...owned.values()].map((s) => s.store),
    progress() {
      // A partition that has read its changelogs to the ends they had at assignment shows as
      // ready, whether or not a report of it has come since (its first batch still waits for the
      // ends of that moment before it is judged).
      return [...owned].map(([partition, s]) => {
        const ready = s.phase === 'ready' || s.caughtUp;
        return { partition, phase: ready ? 'ready' as const : 'restoring' as const, entries: s.store.entries(), remaining: ready ? 0 : Number(remaining(s)) };
      }).sort((a, b) => a.partition - b.partition);
    },
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      const busy = [...owned.values()];
      owned.clear();
      while (busy.some((s) => s.busy > 0)) await new Promise((r) => setTimeout(r, 10));
      for (const timer of closeTimers.values()) clearTimeout(timer);
      closeTimers.clear();
      await Promise.all(closing.values());
      for (const store of opened.values()) await store.close();
      opened.clear();
      await admin.deleteGroups([o.groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
};

/** The changelog records a checkpoint says a store reflects, summed over its topics. */
const recordsIn = (checkpoint: Checkpoint): bigint => Object.values(checkpoint).reduce((sum, offset) => sum + offset, 0n);

/**
 * A partition processor's assignment hooks over a restorer: `prepare` makes a partition's restored
 * store available to `storeOf` before its first batch, a revocation lets it go.
 */
export const restoredStores = (restorer: StateRestorer) => {
  const stores = new Map<number, PartitionStore>();
  return {
    storeOf: (partition: number): PartitionStore | undefined => stores.get(partition),
    held: () => restorer.held(),
    async onAssignment(partitions: readonly number[]): Promise<void> {
      for (const p of [...stores.keys()]) if (!partitions.includes(p)) stores.delete(p);
      // The restorer starts reading each new partition's changelogs now; `prepare` waits, before a
      // partition's first batch and after its predecessor's transactions are settled, for the ends
      // of that moment. Only that wait may mark a partition ready: a wait begun earlier would stop
      // reading the own changelogs short of what a predecessor committed since.
      await restorer.assign(partitions);
    },
    async prepare(partition: number, isCurrent: () => boolean): Promise<boolean> {
      const store = await restorer.restored(partition, isCurrent);
      if (store) stores.set(partition, store);
      return store !== undefined;
    },
  };
};
