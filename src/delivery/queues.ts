import { redisKeys } from '../config/redis-keys.ts';

/** BullMQ queue names (src/config/redis-keys.ts). */
export const queueNames = (prefix: string) => redisKeys(prefix).queues;

export type QueueNames = ReturnType<typeof queueNames>;

/** Job ids must be stable so that a record scheduled twice is one job. */
export const jobIdOf = (...parts: Array<string | number>): string => parts.map((p) => String(p).replace(/[^A-Za-z0-9_.-]/g, '_')).join('.');
