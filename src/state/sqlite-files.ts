import type Database from 'better-sqlite3';

/**
 * The settings every state database of the hub runs with (partition stores, the person key index):
 * a write-ahead log; commits that survive the process (SIGKILL) and, lost with the machine, leave the
 * file behind Kafka, never ahead (`synchronous = NORMAL`); reads with `pread` through SQLite's own
 * page cache of `cacheKib`, never a memory map, so the file's size does not reach the resident set.
 */
export const useStateSettings = (db: Database.Database, cacheKib: number): void => {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = -${cacheKib}`);
  db.pragma('mmap_size = 0');
};

/**
 * Whether SQLite refused a file as not a database, or as damaged: such a store or index only copies
 * Kafka, so it is replaced and read again. Any other error (the file busy in another process, a
 * permission, a full disk) is not the file's fault: it is thrown, and the file is left alone.
 */
export const isUnreadableDatabase = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
};
