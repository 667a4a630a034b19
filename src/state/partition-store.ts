import fs from 'node:fs';
import path from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import { applyChange, viewOf, type StateChange, type StateEntries, type StateView } from './changes.ts';

/** Per changelog topic, the next offset the store has not applied (what a restore starts from). */
export type Checkpoint = Readonly<Record<string, bigint>>;

/**
 * The state of one inbound partition, on disk (LMDB): the persons whose reports land on it, the
 * report ids delivered from it, the offers reported on it, and the changelog offsets it reflects.
 * Changes and the checkpoint are written in one LMDB transaction, so the checkpoint never claims
 * more than the store holds.
 */
export interface PartitionStore extends StateView {
  readonly partition: number;
  checkpoint(): Checkpoint;
  /** Applies changes in order and moves the checkpoint forward (a topic missing keeps its offset). */
  apply(changes: readonly StateChange[], checkpoint?: Checkpoint): Promise<void>;
  /** How many persons, reports and offers it holds (an estimate, for the dashboard). */
  entries(): number;
  close(): Promise<void>;
}

/**
 * Address space reserved per partition (not memory, not disk): LMDB maps the whole file, and a
 * map grown in steps leaves each earlier mapping resident beside the new one.
 */
const MAP_SIZE = 4 * 1024 ** 3;
const CHECKPOINT = '@checkpoint';
const FORMAT = '@format';
/** Bumped when the layout of stored values changes: a store of another format is rebuilt. */
const FORMAT_VERSION = 3;

export const partitionDir = (stateDir: string, partition: number): string => path.join(stateDir, `p${partition}`);

/** Removes a partition's store: it is then restored from the changelog topics from their start. */
export const wipePartitionStore = (stateDir: string, partition: number): void => {
  fs.rmSync(partitionDir(stateDir, partition), { recursive: true, force: true });
};

export const openPartitionStore = (stateDir: string, partition: number): PartitionStore => {
  const dir = partitionDir(stateDir, partition);
  fs.mkdirSync(dir, { recursive: true });
  let db: RootDatabase = open({ path: dir, compression: false, cache: false, mapSize: MAP_SIZE });
  if (db.get(FORMAT) !== undefined && db.get(FORMAT) !== FORMAT_VERSION) {
    db.close();
    wipePartitionStore(stateDir, partition);
    fs.mkdirSync(dir, { recursive: true });
    db = open({ path: dir, compression: false, cache: false, mapSize: MAP_SIZE });
  }
  const stored = db.get(CHECKPOINT) as Record<string, string> | undefined;
  let checkpoint: Checkpoint = Object.fromEntries(Object.entries(stored ?? {}).map(([t, o]) => [t, BigInt(o)]));
  const view = viewOf(db);
  const entries: StateEntries = { get: (k) => db.get(k), put: (k, v) => { void db.put(k, v); }, remove: (k) => { void db.remove(k); } };
  return {
    partition,
    ...view,
    checkpoint: () => checkpoint,
    async apply(changes, next) {
      // A checkpoint only moves forward: records read again (after a rebalance) do not take it back.
      const merged: Record<string, bigint> = { ...checkpoint };
      for (const [topic, offset] of Object.entries(next ?? {})) if (offset > (merged[topic] ?? -1n)) merged[topic] = offset;
      await db.transaction(() => {
        for (const c of changes) applyChange(entries, c);
        db.put(FORMAT, FORMAT_VERSION);
        if (next) db.put(CHECKPOINT, Object.fromEntries(Object.entries(merged).map(([t, o]) => [t, o.toString()])));
      });
      checkpoint = merged;
    },
    entries: () => (db.getStats() as { entryCount: number }).entryCount,
    close: () => db.close(),
  };
};
