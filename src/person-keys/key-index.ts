import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isUnreadableDatabase, useStateSettings } from '../state/sqlite-files.ts';
import { winnersOf, type KeyProposal } from './key-proposals.ts';
import type { PersonKey } from './person-key.ts';

/**
 * This instance's copy of the mapping topic, on disk (SQLite): lookup id → person key, and per
 * partition the next offset not yet applied. Both are written in one SQLite transaction, so a
 * restart reads the topic on from where the index stopped, and never decides from an index ahead of
 * Kafka. A national register (millions of persons) costs disk, not heap: reads go through SQLite's
 * own bounded page cache. Several processes on one machine may share the folder (a `hub` command
 * beside the hub); SQLite's write-ahead log lets them read while one writes.
 */
export interface KeyIndex {
  get(lookupId: string): PersonKey | undefined;
  /** The next offset of `partition` the index has not applied (0 for a new index). */
  position(partition: number): bigint;
  /** Applies a partition's proposals in offset order (the first for a lookup id wins) and moves its position to `next`. */
  apply(partition: number, proposals: readonly KeyProposal[], next: bigint): Promise<void>;
  /** How many persons it knows. */
  size(): number;
  close(): Promise<void>;
}

const FILE = 'index.sqlite';
/** `PRAGMA user_version` of this layout; an index of another (or an LMDB one, `data.mdb`) is read again from the topic. */
const FORMAT_VERSION = 1;
/** SQLite's page cache for the index (KiB). */
const CACHE_KIB = 4096;
/** How long a write waits for another process's transaction on the same index (ms). */
const BUSY_TIMEOUT_MS = 10_000;

class OtherFormat extends Error {
  constructor(format: number) {
    super(`person key index of format ${format}, not ${FORMAT_VERSION}`);
  }
}

const openDatabase = (dir: string): Database.Database => {
  const db = new Database(path.join(dir, FILE));
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    useStateSettings(db, CACHE_KIB);
    const format = db.pragma('user_version', { simple: true }) as number;
    if (format !== 0 && format !== FORMAT_VERSION) throw new OtherFormat(format);
    if (format === 0) {
      db.transaction(() => {
        db.exec(`CREATE TABLE IF NOT EXISTS keys (lookup TEXT PRIMARY KEY, person_key TEXT NOT NULL) WITHOUT ROWID;
          CREATE TABLE IF NOT EXISTS positions (partition INTEGER PRIMARY KEY, next TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;
          INSERT OR IGNORE INTO meta VALUES ('persons', 0);`);
        db.pragma(`user_version = ${FORMAT_VERSION}`);
      }).immediate();
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
};

export const openKeyIndex = (dir: string): KeyIndex => {
  // An LMDB index of earlier versions: the topic is read again into a new one.
  if (fs.existsSync(path.join(dir, 'data.mdb'))) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let db: Database.Database;
  try {
    db = openDatabase(dir);
  } catch (e) {
    // Not a database, or of another format: it only copies the topic, which is read again.
    if (!(e instanceof OtherFormat) && !isUnreadableDatabase(e)) throw e;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    db = openDatabase(dir);
  }
  const statements = {
    get: db.prepare<[string], string>('SELECT person_key FROM keys WHERE lookup = ?').pluck(),
    insert: db.prepare<[string, string]>('INSERT OR IGNORE INTO keys (lookup, person_key) VALUES (?, ?)'),
    setPosition: db.prepare<[number, string]>('INSERT OR REPLACE INTO positions (partition, next) VALUES (?, ?)'),
    addPersons: db.prepare<[number]>("UPDATE meta SET v = v + ? WHERE k = 'persons'"),
    persons: db.prepare<[], number>("SELECT v FROM meta WHERE k = 'persons'").pluck(),
  };
  const positions = new Map<number, bigint>(
    (db.prepare('SELECT partition, next FROM positions').all() as { partition: number; next: string }[]).map((r) => [r.partition, BigInt(r.next)]),
  );
  const get = (lookupId: string) => statements.get.get(lookupId) as PersonKey | undefined;
  // IMMEDIATE: another process sharing the index waits for this write instead of failing mid-way.
  const write = db.transaction((partition: number, proposals: readonly KeyProposal[], next: bigint) => {
    let added = 0;
    for (const [lookupId, personKey] of winnersOf(get, proposals)) added += statements.insert.run(lookupId, personKey).changes;
    statements.addPersons.run(added);
    statements.setPosition.run(partition, next.toString());
  });
  return {
    get,
    position: (partition) => positions.get(partition) ?? 0n,
    async apply(partition, proposals, next) {
      // Records read again (a rebalance, a seek that came late) change nothing: the first proposal is kept.
      if (next <= (positions.get(partition) ?? 0n)) return;
      write.immediate(partition, proposals, next);
      positions.set(partition, next);
    },
    size: () => statements.persons.get() ?? 0,
    close: async () => {
      db.close();
    },
  };
};
