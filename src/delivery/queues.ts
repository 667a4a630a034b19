/** BullMQ queue names (no ':' — BullMQ reserves it in keys). */
export const queueNames = (prefix: string) => ({
  /** Held reports, reports waiting for a fund, and end-of-offer checks, each due at a moment. */
  ventende: `${prefix}-ventende`,
  /** HTTPS push of notifications to funds that take them so. */
  push: `${prefix}-push`,
});

export type QueueNames = ReturnType<typeof queueNames>;

/** Job ids must be stable so that a record scheduled twice is one job. */
export const jobIdOf = (...parts: Array<string | number>): string => parts.map((p) => String(p).replace(/[^A-Za-z0-9_.-]/g, '_')).join('.');
