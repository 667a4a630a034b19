import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Packr } from 'msgpackr';
import { isUnreadableDatabase, useStateSettings } from './sqlite-files.ts';
import { FALLBACK_PAGES, walCheckpointer } from './wal-checkpointer.ts';
import { applyChange, MARKER_BYTES, readsBeforeWriting, viewOf, type StateChange, type StateEntries, type StateKey, type StateView } from './changes.ts';

/** Per changelog topic, the next offset the store has not applied (what a restore starts from). */
export type Checkpoint = Readonly<Record<string, bigint>>;

/**
 * The state of one inbound partition, on disk (one SQLite database): the persons whose reports land
 * on it, the report ids delivered from it, the offers reported on it, and the changelog offsets it
 * reflects. Changes and the checkpoint are written in one SQLite transaction, so the checkpoint
 * never claims more than the store holds.
 */
export interface PartitionStore extends StateView {
  readonly partition: number;
  checkpoint(): Checkpoint;
  /**
   * Applies changes in order and moves the checkpoint forward (a topic missing keeps its offset).
   * On a closed store it does nothing: the store then lags Kafka, which a restore makes good.
   * `restoring`: changes read back from the changelogs while nothing reads the store; its blind
   * writes are staged (tables `staged`, `staged_markers`) and take effect with the next apply that
   * is not a restore's.
   */
  apply(changes: readonly StateChange[], checkpoint?: Checkpoint, how?: 'restoring'): Promise<void>;
  /**
   * Runs `reads` (synchronous look-ups of this store) in one read transaction, one snapshot: SQLite
   * takes the log's read lock once for all of them rather than once a look-up (a rules batch's
   * look-ups, profiled draining 100,000 reports: 1.7 s against 3.3).
   */
  reading<T>(reads: () => T): T;
  /**
   * A view for one batch (`reading` still gives the snapshots): a person's membership is read at
   * its first look-up and then kept, so a batch sees each membership as it was when first read.
   */
  batchView(): StateView;
  /** How many persons, reports and offers it holds (an estimate, for the dashboard). */
  entries(): number;
  close(): Promise<void>;
}

/** The store's file in its partition's folder. */
const FILE = 'state.sqlite';
/**
 * Bumped when the layout of stored values changes: a store of another format is rebuilt from the
 * changelogs (`PRAGMA user_version`; 0 is a file just made). Format 6 is the first in SQLite (format
 * 7 adds the staging tables, and a store of format 6 is given them); formats 1–5 were LMDB
 * environments (`data.mdb`), which are wiped on sight.
 */
const FORMAT_VERSION = 7;
/** The format given the staging tables on opening, not wiped. */
const FORMAT_WITHOUT_STAGING = 6;
const STAGING_TABLES = `CREATE TABLE staged (k BLOB NOT NULL, v BLOB);
  CREATE TABLE staged_markers (m BLOB NOT NULL);`;
/**
 * SQLite's page cache per store (KiB): reads go through it with pread, so the store's share of the
 * resident set is this much whatever the size of the partition. A bigger cache bought nothing
 * measurable (833,000 memberships: 4.3 µs a random look-up with 2 MiB, 4.8 with 32 MiB).
 */
const CACHE_KIB = 4096;

const packr = new Packr({ useRecords: false });

/** A state key as the bytes of the store's key column: a text key as UTF-8 (none begins with an upper-case letter, as a person's bytes do). */
const keyBytes = (key: StateKey): Uint8Array => (typeof key === 'string' ? Buffer.from(key, 'utf8') : key);

/**
 * Opens a store's database: `undefined` when there is no file; throws when the file is not a
 * SQLite database or cannot be read (SQLite says so with an error, where a memory-mapped store
 * ended the process).
 */
const openDatabase = (dir: string, create: boolean): Database.Database | undefined => {
  const file = path.join(dir, FILE);
  if (!create && !fs.existsSync(file)) return undefined;
  const db = new Database(file, { fileMustExist: !create });
  try {
    db.pragma('schema_version'); // reads the header: a file that is not a database fails here
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
};

const formatOf = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

const readMeta = (db: Database.Database, key: string): string | undefined =>
  (db.prepare('SELECT v FROM meta WHERE k = ?').pluck().get(key) as string | undefined);

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
  let db: Database.Database | undefined;
  try {
    db = openDatabase(partitionDir(stateDir, partition), false);
    if (!db || (formatOf(db) !== FORMAT_VERSION && formatOf(db) !== FORMAT_WITHOUT_STAGING)) return undefined;
    return checkpointOf(readMeta(db, 'checkpoint'));
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
};

const checkpointOf = (stored: string | undefined): Checkpoint =>
  Object.fromEntries(Object.entries(JSON.parse(stored ?? '{}') as Record<string, string>).map(([t, o]) => [t, BigInt(o)]));

/** Opens the store's database, made anew (empty, this format) when it is missing, of another format or not a database. */
const openCurrent = (stateDir: string, partition: number): Database.Database => {
  const dir = partitionDir(stateDir, partition);
  // An LMDB environment of formats 1–5, or a file that is not a database: rebuilt from the changelogs.
  let db: Database.Database | undefined;
  try {
    db = fs.existsSync(path.join(dir, 'data.mdb')) ? undefined : openDatabase(dir, false);
    if (db && formatOf(db) === FORMAT_WITHOUT_STAGING) {
      db.transaction(() => {
        db!.exec(STAGING_TABLES);
        db!.pragma(`user_version = ${FORMAT_VERSION}`);
      })();
    }
    if (db && formatOf(db) !== FORMAT_VERSION) {
      db.close();
      db = undefined;
    }
  } catch (e) {
    if (!isUnreadableDatabase(e)) throw e;
    db = undefined;
  }
  if (!db) {
    wipePartitionStore(stateDir, partition);
    fs.mkdirSync(dir, { recursive: true });
    db = openDatabase(dir, true)!;
  }
  // A store lost with the machine lags its checkpoint's Kafka offsets at worst: the restore reads on from there.
  useStateSettings(db, CACHE_KIB);
  db.pragma(`journal_size_limit = ${16 * 1024 ** 2}`);
  // The log is copied into the file on a thread of its own (`walCheckpointer`); a commit does it
  // only if that thread falls far behind.
  db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  if (formatOf(db) === 0) {
    db.transaction(() => {
      db.exec(`CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE markers (m BLOB PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
        ${STAGING_TABLES}`);
      db.pragma(`user_version = ${FORMAT_VERSION}`);
    })();
  }
  return db;
};

export const openPartitionStore = (stateDir: string, partition: number): PartitionStore => {
  const db = openCurrent(stateDir, partition);
  const checkpointer = walCheckpointer();
  checkpointer.watch(db.name);
  const statements = {
    get: db.prepare<[Uint8Array], Buffer>('SELECT v FROM kv WHERE k = ?').pluck(),
    insert: db.prepare<[Uint8Array, Buffer]>('INSERT OR IGNORE INTO kv (k, v) VALUES (?, ?)'),
    update: db.prepare<[Buffer, Uint8Array]>('UPDATE kv SET v = ? WHERE k = ?'),
    remove: db.prepare<[Uint8Array]>('DELETE FROM kv WHERE k = ?'),
    hasMarker: db.prepare<[Uint8Array], number>('SELECT 1 FROM markers WHERE m = ?').pluck(),
    addMarker: db.prepare<[Uint8Array]>('INSERT OR IGNORE INTO markers (m) VALUES (?)'),
    setMeta: db.prepare<[string, string]>('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)'),
    stage: db.prepare<[Uint8Array, Buffer | null]>('INSERT INTO staged (k, v) VALUES (?, ?)'),
    stageMarker: db.prepare<[Uint8Array]>('INSERT INTO staged_markers (m) VALUES (?)'),
    anyStaged: db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM staged) OR EXISTS (SELECT 1 FROM staged_markers)').pluck(),
    counted: db.prepare<[], number>('SELECT (SELECT count(*) FROM kv) + (SELECT count(*) FROM markers)').pluck(),
  };
  let checkpoint = checkpointOf(readMeta(db, 'checkpoint'));
  /** Entries and markers held, counted as they are written (a count of the tables would read them whole). */
  let count = Number(readMeta(db, 'entries') ?? 0);
  let closed = false;
  let updateFirst = false;
  const entries: StateEntries = {
    get: (k) => {
      const v = statements.get.get(keyBytes(k));
      return v === undefined ? undefined : packr.unpack(v);
    },
    put: (k, v) => {
      const key = keyBytes(k);
      const value = packr.pack(v);
      // Tried in the order the last put needed: a restore adds rows one after another, the
      // reconciliation consumer rewrites the ledgers it has. Each miss costs a look-up of the key
      // (200,000 rows of 120 bytes, 300 a transaction: updates 4.2 µs insert-first, 3.2 update-first;
      // adding them 6.5 against 7.4).
      if (updateFirst) {
        if (statements.update.run(value, key).changes === 1) return;
        statements.insert.run(key, value);
        count++;
        updateFirst = false;
      } else if (statements.insert.run(key, value).changes === 1) {
        count++;
      } else {
        statements.update.run(value, key);
        updateFirst = true;
      }
    },
    remove: (k) => {
      count -= statements.remove.run(keyBytes(k)).changes;
    },
    markers: {
      has: (m) => statements.hasMarker.get(marker(m)) !== undefined,
      add: (m) => {
        count += statements.addMarker.run(marker(m)).changes;
      },
    },
  };
  /** Whether a restore's writes wait in the staging tables (found there on opening after a stop). */
  let staged = statements.anyStaged.get() === 1;
  /** A restore's blind writes, appended in changelog order (a removal is a row without a value). */
  const readsNothing = (): never => {
    throw new Error('a restore stages only changes that do not read the store');
  };
  const staging: StateEntries = {
    get: readsNothing,
    put: (k, v) => {
      statements.stage.run(keyBytes(k), packr.pack(v));
      staged = true;
      count++; // an estimate until the merge counts
    },
    remove: (k) => {
      statements.stage.run(keyBytes(k), null);
      staged = true;
    },
    markers: {
      has: readsNothing,
      add: (m) => {
        statements.stageMarker.run(marker(m));
        staged = true;
        count++;
      },
    },
  };
  /**
   * The staged writes, into the tables in key order: for each key its last staged write (a removal
   * leaves an empty value for a moment, which no packed value is).
   */
  const merge = () => {
    db.exec(`INSERT OR REPLACE INTO kv (k, v) SELECT k, coalesce(v, x'') FROM staged ORDER BY k, rowid;
      DELETE FROM kv WHERE v = x'' AND k IN (SELECT k FROM staged WHERE v IS NULL);
      INSERT OR IGNORE INTO markers (m) SELECT m FROM staged_markers ORDER BY m;
      DELETE FROM staged;
      DELETE FROM staged_markers;`);
    count = statements.counted.get()!;
    staged = false;
    reclaimDue = true;
  };
  let reclaimDue = false;
  /**
   * After a large merge the staging's pages are free in the file (a cold restore of 833,000
   * memberships leaves it half free, 79 MiB for 41 of data): a file more than a quarter free is
   * rewritten without them, in about 0.1 s for that one. Later growth would reuse the pages too.
   */
  const reclaim = () => {
    reclaimDue = false;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    if (free * 4 <= (db.pragma('page_count', { simple: true }) as number)) return;
    try {
      db.exec('VACUUM');
    } catch {
      // Only room on disk is at stake (say, SQLITE_BUSY or a full temporary folder): the free
      // pages are reused as the store grows, and the merged data is committed either way.
    }
  };
  // A batch's delivered markers go in after its other changes and in key order (no change reads
  // them): a thousand random keys, most on a leaf page of their own, are met in one pass over the tree.
  const markersLater: Uint8Array[] = [];
  const deferringMarkers: StateEntries = { ...entries, markers: { has: entries.markers.has, add: (m) => { markersLater.push(m); } } };
  const view = viewOf(entries);
  const reading = db.transaction((reads: () => unknown) => reads());
  const write = db.transaction((changes: readonly StateChange[], next: Checkpoint | undefined, restoring: boolean) => {
    if (restoring) {
      for (const c of changes) applyChange(readsBeforeWriting(c) ? entries : staging, c);
    } else {
      if (staged) merge();
      markersLater.length = 0;
      for (const c of changes) applyChange(deferringMarkers, c);
      markersLater.sort(byKey);
      for (const m of markersLater) entries.markers.add(m);
      markersLater.length = 0;
    }
    statements.setMeta.run('entries', String(count));
    if (next) statements.setMeta.run('checkpoint', JSON.stringify(Object.fromEntries(Object.entries(next).map(([t, o]) => [t, o.toString()]))));
  });
  return {
    partition,
    ...view,
    checkpoint: () => checkpoint,
    async apply(changes, next, how) {
      // A batch of a partition released and closed meanwhile (its store lags; never leads).
      if (closed) return;
      // A checkpoint only moves forward: records read again (after a rebalance) do not take it back.
      const merged: Record<string, bigint> = { ...checkpoint };
      for (const [topic, offset] of Object.entries(next ?? {})) if (offset > (merged[topic] ?? -1n)) merged[topic] = offset;
      const before = count;
      try {
        write(changes, next ? merged : undefined, how === 'restoring');
        if (reclaimDue) reclaim();
      } catch (e) {
        count = before; // rolled back with the transaction
        staged = statements.anyStaged.get() === 1;
        reclaimDue = false;
        throw e;
      }
      if (next) checkpoint = merged;
    },
    reading: <T>(reads: () => T): T => reading(reads) as T,
    batchView: () => viewOf(entries, { keepMemberships: true }),
    entries: () => count,
    close: async () => {
      if (closed) return;
      closed = true;
      await checkpointer.unwatch(db.name);
      db.close();
    },
  };
};

/** Markers in the order of their keys (SQLite's memcmp order of blobs): by the first four bytes, then all. */
const byKey = (a: Uint8Array, b: Uint8Array): number => leading(a) - leading(b) || Buffer.compare(a, b);
const leading = (m: Uint8Array): number => ((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0;

/** A delivered marker as the bytes of its key (`MARKER_BYTES` of them). */
const marker = (m: Uint8Array): Uint8Array => {
  if (m.length !== MARKER_BYTES) throw new RangeError(`a delivered marker is ${MARKER_BYTES} bytes, not ${m.length}`);
  return m;
};
