import { setTimeout as sleep } from 'node:timers/promises';
import { connectHealthy, connectRunDir, connectUrl, startConnect } from './connect.ts';
import { logTail, ourProcess, portInUse, stopOurs } from './processes.ts';
import { postgresHealthy, postgresRunDir, postgresUrl, startPostgres } from './postgres.ts';
import type { StackSettings } from './settings.ts';

export type OutboxServiceName = 'postgres' | 'connect';

const outboxServices = (s: StackSettings) => [
  { service: 'postgres' as const, port: s.outbox.postgresPort, address: postgresUrl(s), runDir: postgresRunDir(s), healthy: () => postgresHealthy(postgresUrl(s)) },
  { service: 'connect' as const, port: s.outbox.connectPort, address: connectUrl(s), runDir: connectRunDir(s), healthy: () => connectHealthy(connectUrl(s)) },
];

/** Whether either outbox service of ours runs (then `hub stack status` lists them unasked). */
export const outboxRunning = (s: StackSettings): boolean => outboxServices(s).some((svc) => ourProcess(svc.runDir) !== undefined);

/** Status of the local PostgreSQL and Kafka Connect (always ours: the outbox side has no external mode). */
export const outboxStatus = (s: StackSettings) =>
  Promise.all(outboxServices(s).map(async (svc) => {
    const pid = ourProcess(svc.runDir)?.pid;
    return {
      service: svc.service, owner: 'ours' as const, healthy: await svc.healthy().catch(() => false), address: svc.address,
      ...(pid === undefined ? {} : { pid, logFile: `${svc.runDir}/service.log` }),
    };
  }));

/**
 * Starts PostgreSQL and Kafka Connect (with Debezium) when not healthy, in parallel; the broker must
 * already run. Returns what it started.
 */
export const startOutboxServices = async (s: StackSettings, env: NodeJS.ProcessEnv): Promise<OutboxServiceName[]> => {
  const before = await outboxStatus(s);
  const started: OutboxServiceName[] = [];
  const starts: Promise<void>[] = [];
  if (!before.find((b) => b.service === 'postgres')!.healthy) { started.push('postgres'); starts.push(startPostgres(s)); }
  if (!before.find((b) => b.service === 'connect')!.healthy) { started.push('connect'); starts.push(startConnect(s, env)); }
  const results = await Promise.allSettled(starts);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return started;
};

/** Stops one outbox service of ours (fault tests kill and restart them); `SIGKILL` at once when asked. */
export const stopOutboxService = async (s: StackSettings, name: OutboxServiceName, options: { kill?: boolean } = {}): Promise<boolean> => {
  const { runDir, port } = outboxServices(s).find((svc) => svc.service === name)!;
  const ours = ourProcess(runDir);
  if (options.kill && ours) {
    // No SIGTERM first: the process gets no chance to flush offsets or close its connections.
    try { process.kill(-ours.pid, 'SIGKILL'); } catch { process.kill(ours.pid, 'SIGKILL'); }
    // The main thread dies first; the port is released when the last of a JVM's threads has gone.
    for (const deadline = Date.now() + 15_000; (ourProcess(runDir) || await portInUse(port)) && Date.now() < deadline;) await sleep(50);
  }
  if (name === 'postgres' && ours && !options.kill) {
    // SIGTERM is PostgreSQL's smart shutdown, which waits for clients (Connect's replication
    // connection never leaves); SIGINT to the postmaster alone is its fast shutdown: a clean checkpoint.
    process.kill(ours.pid, 'SIGINT');
    for (const deadline = Date.now() + 30_000; ourProcess(runDir) && Date.now() < deadline;) await sleep(100);
  }
  return stopOurs(runDir, 30_000).then((ran) => ran || ours !== undefined);
};

/** Stops both outbox services of ours; returns which ran. */
export const stopOutboxServices = async (s: StackSettings): Promise<OutboxServiceName[]> => {
  const stopped: OutboxServiceName[] = [];
  // Connect first: it holds a replication connection to PostgreSQL.
  if (await stopOutboxService(s, 'connect')) stopped.push('connect');
  if (await stopOutboxService(s, 'postgres')) stopped.push('postgres');
  return stopped;
};

export const outboxLogTail = (s: StackSettings, name: OutboxServiceName): string => logTail(outboxServices(s).find((svc) => svc.service === name)!.runDir, 20);
