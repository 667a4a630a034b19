import path from 'node:path';
import { Redis } from 'ioredis';
import { HubError } from '../../src/shared/errors.ts';
import { assertPortFree, ourProcess, run, startDetached, waitHealthy, which } from './processes.ts';
import type { StackSettings } from './settings.ts';

export const redisRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'redis');

export const redisHealthy = async (url: string, options: { tls?: { ca: string }; username?: string; password?: string } = {}): Promise<boolean> => {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500, retryStrategy: () => null, ...options });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } finally {
    redis.disconnect();
  }
};

/** redis-server from Debian's packages; installed with apt-get when missing (the machine runs as root). */
const redisServer = (): string => {
  const found = which('redis-server');
  if (found) return found;
  const update = run('apt-get', ['update', '-qq']);
  const install = update && run('apt-get', ['install', '-y', '-qq', 'redis-server']);
  const installed = which('redis-server');
  if (!install || install.status !== 0 || !installed) {
    throw new HubError('REDIS_INSTALL_FAILED', `redis-server is missing and 'apt-get install redis-server' failed; install it by hand${install?.stderr ? `: ${install.stderr.trim().split('\n').pop()}` : ''}`);
  }
  return installed;
};

/**
 * Redis on loopback with append-only persistence (fsync every second), so that BullMQ's queued,
 * delayed and held jobs survive a Redis restart. `noeviction` is what BullMQ requires.
 */
export const startRedis = async (s: StackSettings): Promise<void> => {
  const runDir = redisRunDir(s);
  if (ourProcess(runDir)) return;
  await assertPortFree(s.redis.port, 'Redis', 'HUB_REDIS_PORT');
  const server = redisServer();
  startDetached(runDir, server, [
    '--bind', '127.0.0.1', '--port', String(s.redis.port), '--dir', runDir,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
    '--save', '', '--daemonize', 'no', '--protected-mode', 'yes',
  ]);
  await waitHealthy('Redis', runDir, () => redisHealthy(`redis://127.0.0.1:${s.redis.port}`), 20_000);
};
