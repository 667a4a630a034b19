import fs from 'node:fs';
import path from 'node:path';
import { open, type Database, type DatabaseOptions, type RootDatabase } from 'lmdb';
import { applyChange, MARKER_BYTES, viewOf, type StateChange, type StateEntries, type StateView } from './changes.ts';

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
  /**
   * Applies changes in order and moves the checkpoint forward (a topic missing keeps its offset).
   * On a closed store it does nothing: the store then lags Kafka, which a restore makes good.
   */
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
const FORMAT_VERSION = 5;

/**
 * The delivered markers (12 bytes each) are a database of their own: one key whose values are the
 * markers, sorted duplicates of fixed size (LMDB's DUPSORT with DUPFIXED), which LMDB keeps as one
 * B-tree of packed 12-byte values without a node header each. Written 600 a transaction, as 13-byte
 * keys of the main database against this, on this VM: 300,000 markers 14.1 against 8.4 MiB of
 * file, a million 38.6 against 20.9, writing 8.5–10.8 against 7.4–9.5 µs a marker, looking one up
 * 2.7–2.9 against 3.4 µs. (Under their first byte, as 256 trees, a million took 25.2 MiB and
 * 13.9 µs a write: each transaction rewrites a path in most of the trees.)
 */
const MARKERS_DB = 'delivered';
const MARKERS_KEY = Buffer.from('d');

const openMarkers = (db: RootDatabase): Database<Buffer, Buffer> => {
  // `dupFixed` is an option lmdb's open.js reads (flag 0x10) that its type declarations leave out.
  const options: DatabaseOptions & { name: string; dupFixed: boolean } = { name: MARKERS_DB, dupSort: true, dupFixed: true, keyEncoding: 'binary', encoding: 'ordered-binary' };
  return db.openDB<Buffer, Buffer>(options);
};

export const partitionDir = (stateDir: string, partition: number): string => path.join(stateDir, `p${partition}`);

/** Removes a partition's store: it is then restored from the changelog topics from their start. */
export const wipePartitionStore = (stateDir: string, partition: number): void => {
  fs.rmSync(partitionDir(stateDir, partition), { recursive: true, force: true });
};

/**
 * The checkpoint of a store on disk that is not open here, read and let go; undefined when the
 * partition has no store, one of another format (which would be wiped on opening) or one that cannot
 * be read (opening it when the partition is assigned says why). Not for a store this process has open.
 */
export const storedCheckpoint = async (stateDir: string, partition: number): Promise<Checkpoint | undefined> => {
  const dir = partitionDir(stateDir, partition);
  if (dataFileOf(dir) !== 'lmdb') return undefined;
  let db: RootDatabase | undefined;
  try {
    db = open({ path: dir, readOnly: true, compression: false, cache: false, mapSize: MAP_SIZE });
    return db.get(FORMAT) === FORMAT_VERSION ? checkpointOf(db.get(CHECKPOINT)) : undefined;
  } catch {
    return undefined;
  } finally {
    await db?.close();
  }
};

/**
 * What a store's data file is: absent, one that starts as LMDB's do (two meta pages at least, the
 * first with LMDB's magic number), or something else. LMDB reads its file through the memory map,
 * so opening a file that is not one (or is cut short before its meta pages) ends the process with a
 * bus error instead of an exception.
 */
const dataFileOf = (dir: string): 'absent' | 'lmdb' | 'other' => {
  let fd: number;
  try {
    fd = fs.openSync(path.join(dir, 'data.mdb'), 'r');
  } catch {
    return 'absent';
  }
  try {
    const head = Buffer.alloc(32);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    const lmdb = fs.fstatSync(fd).size >= 2 * META_PAGE_BYTES && read === head.length && head.readUInt32LE(LMDB_MAGIC_OFFSET) === LMDB_MAGIC;
    return lmdb ? 'lmdb' : 'other';
  } finally {
    fs.closeSync(fd);
  }
};
/** LMDB's meta page: the page size it was written with here, the magic number and where the page holds it. */
const META_PAGE_BYTES = 4096;
const LMDB_MAGIC = 0xbeefc0de;
const LMDB_MAGIC_OFFSET = 24;

const checkpointOf = (stored: unknown): Checkpoint =>
  Object.fromEntries(Object.entries((stored ?? {}) as Record<string, string>).map(([t, o]) => [t, BigInt(o)]));

export const openPartitionStore = (stateDir: string, partition: number): PartitionStore => {
  const dir = partitionDir(stateDir, partition);
  // Not an LMDB file (a disk or a hand that wrote over it): restored from the changelogs instead.
  if (dataFileOf(dir) === 'other') wipePartitionStore(stateDir, partition);
  fs.mkdirSync(dir, { recursive: true });
  let db: RootDatabase = open({ path: dir, compression: false, cache: false, mapSize: MAP_SIZE });
  if (db.get(FORMAT) !== undefined && db.get(FORMAT) !== FORMAT_VERSION) {
    db.close();
    wipePartitionStore(stateDir, partition);
    fs.mkdirSync(dir, { recursive: true });
    db = open({ path: dir, compression: false, cache: false, mapSize: MAP_SIZE });
  }
  let checkpoint = checkpointOf(db.get(CHECKPOINT));
  const markers = openMarkers(db);
  let closed = false;
  const value = (marker: Uint8Array): Buffer => {
    if (marker.length !== MARKER_BYTES) throw new RangeError(`a delivered marker is ${MARKER_BYTES} bytes, not ${marker.length}`);
    return Buffer.from(marker.buffer, marker.byteOffset, marker.length);
  };
  const entries: StateEntries = {
    get: (k) => db.get(k), put: (k, v) => { void db.put(k, v); }, remove: (k) => { void db.remove(k); },
    markers: { has: (m) => markers.doesExist(MARKERS_KEY, value(m)), add: (m) => { void markers.put(MARKERS_KEY, value(m)); } },
  };
  const view = viewOf(entries);
  return {
    partition,
    ...view,
    checkpoint: () => checkpoint,
    async apply(changes, next) {
      // A batch of a partition released and closed meanwhile (its store lags; never leads).
      if (closed) return;
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
    entries: () => (db.getStats() as { entryCount: number }).entryCount + (markers.getStats() as { entryCount: number }).entryCount,
    close: () => {
      closed = true;
      return db.close();
    },
  };
};
