import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** The BullMQ job states the dashboard and `hub_queue_jobs` show. */
export const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueDepth {
  readonly queue: string;
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly failed: number;
}

/** A report that waits in the hub: held until its release day, or waiting for the person's fund. */
export interface WaitingReport {
  readonly indberetningId: string;
  readonly grund: string;
  /** When it is due back (epoch ms). */
  readonly dueAt: number;
  readonly forsoeg: number;
}

/**
 * Reads job counts of the hub's BullMQ queues. Queue handles are opened once (they share the
 * caller's Redis connection) and closed by `close()`.
 */
export const createQueueReader = (redis: Redis, queueNames: readonly string[]) => {
  const queues = queueNames.map((name) => new Queue(name, { connection: redis }));
  return {
    async depths(): Promise<QueueDepth[]> {
      return Promise.all(queues.map(async (q) => {
        const counts = await q.getJobCounts(...QUEUE_STATES);
        return { queue: q.name, waiting: counts.waiting ?? 0, delayed: counts.delayed ?? 0, active: counts.active ?? 0, failed: counts.failed ?? 0 };
      }));
    },
    /** Held and waiting reports in the named queue (at most `limit`, soonest due first). */
    async waitingReports(queueName: string, limit = 200): Promise<WaitingReport[]> {
      const q = queues.find((x) => x.name === queueName);
      if (!q) return [];
      const jobs = await q.getJobs(['delayed', 'waiting'], 0, limit - 1, true);
      return jobs
        .filter((j) => j && (j.name === 'TILBAGEHOLDT' || j.name === 'AFVENTER_AKASSE'))
        .map((j) => ({ indberetningId: String(j.data?.indberetningId ?? ''), grund: j.name, dueAt: j.timestamp + (j.delay ?? 0), forsoeg: Number(j.data?.forsoeg ?? 0) }))
        .sort((a, b) => a.dueAt - b.dueAt);
    },
    async close(): Promise<void> {
      await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    },
  };
};

export type QueueReader = ReturnType<typeof createQueueReader>;
