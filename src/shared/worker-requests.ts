import type { Transferable, Worker } from 'node:worker_threads';

/**
 * Requests to a worker thread of the hub's (the stores' WAL checkpointer, the signing thread), each
 * answered by a message carrying the request's `id`. The thread keeps the process alive only while a
 * request waits; once it has ended (an error ends it too), waiting and later requests are rejected.
 */
export interface WorkerRequests {
  /** Posts `{ ...message, id }` and resolves with the thread's answer to it. */
  ask<A>(message: object, transfer?: readonly Transferable[]): Promise<A>;
  /** Why the thread ended, once it has. */
  ended(): Error | undefined;
}

/** Attaches to a just-started worker (before its first message); the worker is unreferenced while idle. */
export const workerRequests = (worker: Worker, name: string): WorkerRequests => {
  let nextId = 0;
  const waiting = new Map<number, { resolve(answer: unknown): void; reject(e: Error): void }>();
  let ended: Error | undefined;
  const end = (why: string) => {
    ended ??= new Error(`${name} ended: ${why}`);
    for (const w of waiting.values()) w.reject(ended);
    waiting.clear();
  };
  worker.on('message', (m: { id: number }) => {
    waiting.get(m.id)?.resolve(m);
    waiting.delete(m.id);
    if (waiting.size === 0) worker.unref();
  });
  worker.on('error', (e) => end(e.message));
  worker.on('exit', (code) => end(`exit code ${code}`));
  // After the listeners: adding a 'message' listener refs the worker again.
  worker.unref();
  return {
    ask: <A>(message: object, transfer: readonly Transferable[] = []) => {
      if (ended) return Promise.reject(ended);
      const id = nextId++;
      return new Promise<A>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (answer: unknown) => void, reject });
        worker.ref();
        worker.postMessage({ ...message, id }, transfer);
      });
    },
    ended: () => ended,
  };
};
