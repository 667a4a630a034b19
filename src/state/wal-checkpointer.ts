import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { workerRequests } from '../shared/worker-requests.ts';

/**
 * Copies the stores' write-ahead logs into their database files on a thread of its own.
 *
 * A SQLite commit in WAL mode appends the changed pages to the log and syncs nothing (`synchronous
 * = NORMAL`); the sync comes with the checkpoint, which copies the log into the database file. Left
 * to SQLite, the checkpoint runs inside the commit that pushed the log past its limit, on the event
 * loop: the reconciliation consumer, which rewrites a ledger per record, then spent a sixth of its
 * time in commits (200,000 records, 13,770 against 17,408 records/s with the limit out of reach).
 * Here one worker thread, shared by every store of the process, runs a passive checkpoint of each
 * watched database every `INTERVAL_MS`: it never waits for the writer and the writer never waits for
 * it, and the log stays short. The stores keep SQLite's own checkpoint at a far limit
 * (`FALLBACK_PAGES`) for the case the thread falls behind.
 */
export interface WalCheckpointer {
  /** Starts checkpointing the database file. */
  watch(file: string): void;
  /** Stops checkpointing it and closes the thread's connection (before the file is closed or removed). */
  unwatch(file: string): Promise<void>;
}

/** How often each watched database's log is copied into it (ms). */
export const INTERVAL_MS = 500;
/** The log length (pages of 4 KiB) at which a commit checkpoints itself, should the thread fall behind. */
export const FALLBACK_PAGES = 25_000;

/**
 * The worker, in plain JavaScript (it runs beside the bundle, not in it), with dynamic imports only:
 * an evaluated worker is a CommonJS script or an ES module depending on the parent's flags.
 */
const WORKER_SOURCE = `
Promise.all([import('node:worker_threads'), import('node:url')]).then(async ([{ parentPort, workerData }, { pathToFileURL }]) => {
  const Database = (await import(pathToFileURL(workerData.sqlite).href)).default;
  const open = new Map();
  parentPort.on('message', (m) => {
    if (m.watch) {
      if (!open.has(m.watch)) {
        const db = new Database(m.watch, { fileMustExist: true });
        db.pragma('synchronous = NORMAL');
        open.set(m.watch, db);
      }
    } else if (m.unwatch) {
      open.get(m.unwatch)?.close();
      open.delete(m.unwatch);
      parentPort.postMessage({ id: m.id });
    }
  });
  setInterval(() => {
    for (const db of open.values()) {
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Busy or closing: the next round, or the store's own commits (FALLBACK_PAGES), will do it.
      }
    }
  }, workerData.intervalMs);
});
`;

/** Starts the thread; it does not keep the process alive. */
export const startWalCheckpointer = (intervalMs = INTERVAL_MS): WalCheckpointer => {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqlite: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs } });
  const requests = workerRequests(worker, "the stores' WAL checkpoint thread");
  worker.on('error', (e) => {
    process.emitWarning(`the stores' WAL checkpoint thread failed (${e.message}); commits checkpoint the logs themselves from now on`);
  });
  // A thread that ended (an error ends it too) leaves the stores to SQLite's own checkpoints; a close then waits for nothing.
  return {
    watch: (file) => { if (!requests.ended()) worker.postMessage({ watch: file }); },
    unwatch: (file) => requests.ask({ unwatch: file }).then(() => undefined, () => undefined),
  };
};

let shared: WalCheckpointer | undefined;
/** The process's one checkpointer, started on first use. */
export const walCheckpointer = (): WalCheckpointer => (shared ??= startWalCheckpointer());
