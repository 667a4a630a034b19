import fs from 'node:fs';
import { open, type RootDatabase } from 'lmdb';
import { winnersOf, type KeyProposal } from './key-proposals.ts';
import type { PersonKey } from './person-key.ts';

/**
 * This instance's copy of the mapping topic, on disk (LMDB): lookup id → person key, and per
 * partition the next offset not yet applied. Both are written in one LMDB transaction, so a restart
 * reads the topic on from where the index stopped, and never decides from an index ahead of Kafka.
 * A national register (millions of persons) costs disk and page cache here, not heap.
 */
export interface KeyIndex {
  get(lookupId: string): PersonKey | undefined;
  /** The next offset of `partition` the index has not applied (0 for a new index). */
  position(partition: number): bigint;
  /** Applies a partition's proposals in offset order (the first for a lookup id wins) and moves its position to `next`. */
  apply(partition: number, proposals: readonly KeyProposal[], next: bigint): Promise<void>;
  /** How many persons it knows (an estimate). */
  size(): number;
  close(): Promise<void>;
}

/** Address space reserved (not memory, not disk): enough for tens of millions of persons. */
const MAP_SIZE = 8 * 1024 ** 3;
const POSITIONS = '@positions';

export const openKeyIndex = (dir: string): KeyIndex => {
  fs.mkdirSync(dir, { recursive: true });
  const db: RootDatabase = open({ path: dir, compression: false, cache: false, mapSize: MAP_SIZE });
  const positions = new Map<number, bigint>(Object.entries((db.get(POSITIONS) ?? {}) as Record<string, string>).map(([p, o]) => [Number(p), BigInt(o)]));
  const get = (lookupId: string) => db.get(`k:${lookupId}`) as PersonKey | undefined;
  return {
    get,
    position: (partition) => positions.get(partition) ?? 0n,
    async apply(partition, proposals, next) {
      // Records read again (a rebalance, a seek that came late) change nothing: the first proposal is kept.
      if (next <= (positions.get(partition) ?? 0n)) return;
      const moved = new Map(positions).set(partition, next);
      await db.transaction(() => {
        for (const [lookupId, personKey] of winnersOf(get, proposals)) db.put(`k:${lookupId}`, personKey);
        db.put(POSITIONS, Object.fromEntries([...moved].map(([p, o]) => [String(p), o.toString()])));
      });
      positions.set(partition, next);
    },
    size: () => Math.max(0, (db.getStats() as { entryCount: number }).entryCount - 1),
    close: () => db.close(),
  };
};
