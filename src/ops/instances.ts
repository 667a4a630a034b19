import type { Redis } from 'ioredis';
import type { RestoreProgress } from '../kafka/state-restorer.ts';
import type { PartitionLag } from './lag.ts';
import { redisKeys } from '../config/redis-keys.ts';

/** What one running `hub start` says of itself every few seconds, for `hub lag` and the dashboard. */
export interface InstanceStatus {
  /** `HUB_INSTANCE_ID`, default `<host>-<pid>`. */
  readonly instance: string;
  readonly startedAt: string;
  /** What it runs (HUB_ROLES); absent in the status of a hub from before roles, which ran all. */
  readonly roles?: readonly string[];
  /** The inbound partitions it owns, each with how far its state restore has come. */
  readonly partitions: readonly RestoreProgress[];
}

/**
 * Operations telemetry, not state: each instance's status expires 15 s after its last word, so a
 * killed instance drops out by itself. No decision reads it.
 */
const STATUS_TTL_S = 15;
const keyOf = (prefix: string, instance: string) => redisKeys(prefix).instance(instance);

export const startInstanceStatus = (deps: { redis: Redis; prefix: string; instance: string; roles: readonly string[]; partitions: () => readonly RestoreProgress[]; intervalMs?: number }) => {
  const startedAt = new Date().toISOString();
  const publish = () => deps.redis
    .set(keyOf(deps.prefix, deps.instance), JSON.stringify({ instance: deps.instance, startedAt, roles: deps.roles, partitions: deps.partitions() } satisfies InstanceStatus), 'EX', STATUS_TTL_S)
    .catch(() => undefined);
  void publish();
  const timer = setInterval(() => void publish(), deps.intervalMs ?? 2000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      // Redis may be away: the status then expires by itself, and a stop does not wait for it.
      await Promise.race([deps.redis.del(keyOf(deps.prefix, deps.instance)).catch(() => undefined), new Promise((r) => setTimeout(r, 500).unref())]);
    },
  };
};

export const readInstances = async (redis: Redis, prefix: string): Promise<InstanceStatus[]> => {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', redisKeys(prefix).instances, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  return values.flatMap((v) => (v ? [JSON.parse(v) as InstanceStatus] : [])).sort((a, b) => a.instance.localeCompare(b.instance));
};

/** Lag rows of the inbound topic gain the instance that owns the partition and its restore state. Pure. */
export const withOwners = (rows: readonly PartitionLag[], inboundTopic: string, instances: readonly InstanceStatus[]): Array<PartitionLag & { owner?: string; state?: string }> => {
  const owners = new Map<number, { instance: string; progress: RestoreProgress }>();
  for (const i of instances) for (const p of i.partitions) owners.set(p.partition, { instance: i.instance, progress: p });
  return rows.map((r) => {
    const o = r.topic === inboundTopic ? owners.get(r.partition) : undefined;
    if (!o) return r;
    return { ...r, owner: o.instance, state: o.progress.phase === 'ready' ? `ready (${o.progress.entries} entries)` : `restoring (${o.progress.remaining} to go)` };
  });
};
