// Fault tests restart brokers, Redis and the registry: they do so on a stack of their own, on free
// ports in a temporary folder, never on the shared local stack other people's tests run on.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectionsOf, repoRoot, stackSettingsFrom, startKafka, startRedis, startRegistry, stopService, type StackSettings } from '../../infra/index.ts';

export type OwnService = 'kafka' | 'registry' | 'redis';

export interface OwnStack {
  readonly settings: StackSettings;
  /** Environment for a hub (child process or `hubSettingsFrom`) on this stack; shared services stay as they are. */
  readonly env: Record<string, string>;
  readonly dir: string;
  start(service: OwnService): Promise<void>;
  stop(service: OwnService): Promise<void>;
  /** Stops what it started and removes its folder. */
  close(): Promise<void>;
}

/**
 * Ports handed out, across the test processes of a run: a file per port, made with O_EXCL, so that
 * two tests (or two calls of one test) never get the same port between the check and the bind.
 * A claim older than an hour is stale (a run that died) and may be taken again.
 */
const portClaims = path.join(os.tmpdir(), 'hub-test-ports');
const PORT_CLAIM_MS = 60 * 60_000;

/** Claims `port` for this run; false if a live claim of another call holds it. */
export const claimPort = (port: number, now = Date.now()): boolean => {
  fs.mkdirSync(portClaims, { recursive: true });
  const file = path.join(portClaims, String(port));
  try {
    fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = now - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now);
    if (age < PORT_CLAIM_MS) return false;
    fs.rmSync(file, { force: true });
    return claimPort(port, now);
  }
};

/**
 * A free port below the kernel's ephemeral range (32768–60999 here), claimed (`claimPort`) so no
 * other call of the run gets it. A port the kernel handed out (listen on 0) comes from that range,
 * and while a service is stopped on purpose, an outgoing connection may take its port as a local
 * port, so that the restarted service cannot bind it.
 */
export const freePort = async (): Promise<number> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free && claimPort(port)) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
};

/** A fresh stack folder whose `cache` points at the project's, so nothing is downloaded again. */
export const ownStackDir = (name: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hub-${name}-`));
  fs.symlinkSync(path.join(repoRoot(), '.stack', 'cache'), path.join(dir, 'cache'));
  return dir;
};

/**
 * Starts the named services of a private stack (the others stay the shared ones). The environment
 * it returns points the hub at them; external overrides in the caller's environment are cleared.
 */
export const startOwnStack = async (name: string, services: readonly OwnService[], extraEnv: Record<string, string> = {}): Promise<OwnStack> => {
  const dir = ownStackDir(name);
  const env: Record<string, string> = { HUB_STACK_DIR: dir, HUB_KAFKA_HEAP_MB: '512', HUB_REGISTRY_HEAP_MB: '384', ...extraEnv };
  if (services.includes('kafka')) Object.assign(env, { HUB_KAFKA_PORT: String(await freePort()), HUB_KAFKA_CONTROLLER_PORT: String(await freePort()), KAFKA_BROKERS: '' });
  if (services.includes('registry')) Object.assign(env, { HUB_REGISTRY_PORT: String(await freePort()), HUB_REGISTRY_MANAGEMENT_PORT: String(await freePort()), SCHEMA_REGISTRY_URL: '' });
  if (services.includes('redis')) Object.assign(env, { HUB_REDIS_PORT: String(await freePort()), REDIS_URL: '' });
  const settings = stackSettingsFrom({ ...process.env, ...env });
  // Services not our own are reached where the shared stack serves them.
  const c = connectionsOf(settings);
  if (!services.includes('kafka')) env.KAFKA_BROKERS = c.kafkaBrokers.join(',');
  if (!services.includes('registry')) env.SCHEMA_REGISTRY_URL = c.registryUrl;
  if (!services.includes('redis')) env.REDIS_URL = c.redisUrl;
  const fullEnv = { ...process.env, ...env };
  const start = async (service: OwnService) => {
    if (!services.includes(service)) throw new Error(`${service} is not part of this own stack`);
    if (service === 'kafka') await startKafka(settings, fullEnv);
    else if (service === 'registry') await startRegistry(settings, fullEnv);
    else await startRedis(settings);
  };
  const stack: OwnStack = {
    settings, env, dir, start,
    async stop(service) { await stopService(settings, service); },
    async close() {
      await Promise.all(services.map((s) => stopService(settings, s).catch(() => false)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(services.map(start));
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
};
