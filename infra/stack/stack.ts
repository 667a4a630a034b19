import { kafkaHealthy, kafkaRunDir, startKafka } from './kafka.ts';
import { assertPortFree, ourProcess, stopOurs } from './processes.ts';
import { redisHealthy, redisRunDir, startRedis } from './redis.ts';
import { registryHealthy, registryRunDir, startRegistry } from './registry.ts';
import { readSecureCredentials, secureKafkaHealthy, secureKafkaRunDir, secureRedisRunDir, secureRegistryRunDir } from './secure-stack.ts';
import { outboxRunning, outboxStatus, stopOutboxServices, type OutboxServiceName } from './outbox-stack.ts';
import { connectionsOf, type StackSettings } from './settings.ts';

export type ServiceName = 'kafka' | 'registry' | 'redis';

export interface ServiceStatus {
  /**
   * `secure-kafka`: the secured broker of `hub stack up --secure`; `postgres` and `connect`: the
   * outbox side of `hub stack up --outbox`. Each listed only when asked for or running.
   */
  readonly service: ServiceName | 'secure-kafka' | 'postgres' | 'connect';
  /** `ours`: the local stack runs it; `external`: an environment variable points elsewhere. */
  readonly owner: 'ours' | 'external';
  readonly healthy: boolean;
  readonly address: string;
  readonly pid?: number;
  readonly logFile?: string;
}

const services = (s: StackSettings) => {
  const c = connectionsOf(s);
  return [
    { service: 'kafka' as const, external: s.kafka.external, address: c.kafkaBrokers.join(','), runDir: kafkaRunDir(s), healthy: () => kafkaHealthy(c.kafkaBrokers, s.kafka.sasl) },
    { service: 'registry' as const, external: s.registry.external, address: c.registryUrl, runDir: registryRunDir(s), healthy: () => registryHealthy(c.registryUrl) },
    { service: 'redis' as const, external: s.redis.external, address: c.redisUrl, runDir: redisRunDir(s), healthy: () => redisHealthy(c.redisUrl) },
  ];
};

/** The secured broker of `hub stack up --secure` (ours, or not running). */
export const secureKafkaStatus = async (s: StackSettings): Promise<ServiceStatus> => {
  const runDir = secureKafkaRunDir(s);
  const pid = ourProcess(runDir)?.pid;
  return {
    service: 'secure-kafka',
    owner: 'ours',
    healthy: await secureKafkaHealthy(s),
    address: (readSecureCredentials(s)?.brokers ?? [`127.0.0.1:${s.secureKafka.port}`]).join(','),
    ...(pid === undefined ? {} : { pid, logFile: `${runDir}/service.log` }),
  };
};

/** Each service's status; with `secure`, the secured broker's too; with `outbox` (or when they run), PostgreSQL's and Connect's. */
export const stackStatus = async (s: StackSettings, options: { secure?: boolean; outbox?: boolean } = {}): Promise<ServiceStatus[]> =>
  (await Promise.all([
    ...services(s).map(async (svc) => {
      const healthy = await svc.healthy().catch(() => false);
      const pid = svc.external ? undefined : ourProcess(svc.runDir)?.pid;
      return {
        service: svc.service,
        owner: svc.external ? 'external' : 'ours',
        healthy,
        address: svc.address,
        ...(pid === undefined ? {} : { pid, logFile: `${svc.runDir}/service.log` }),
      } satisfies ServiceStatus;
    }),
    ...(options.secure ? [secureKafkaStatus(s)] : []),
    ...(options.outbox || outboxRunning(s) ? [outboxStatus(s)] : []),
  ])).flat();

export interface UpResult {
  readonly started: ServiceName[];
  readonly status: ServiceStatus[];
  readonly elapsedMs: number;
}

/**
 * Starts whatever of the local stack is not already healthy, in parallel, and waits for health.
 * A service named by an environment variable is not started: it is checked for health only.
 */
export const stackUp = async (s: StackSettings, env: NodeJS.ProcessEnv): Promise<UpResult> => {
  const begun = Date.now();
  const before = await stackStatus(s);
  const needs = (name: ServiceName) => {
    const st = before.find((b) => b.service === name);
    return st !== undefined && st.owner === 'ours' && !st.healthy;
  };
  // Every port clash is reported before anything starts, so a clash leaves nothing half started.
  const ports: Array<[ServiceName, number, string, string]> = [
    ['kafka', s.kafka.port, 'Kafka', 'HUB_KAFKA_PORT'], ['kafka', s.kafka.controllerPort, 'Kafka controller', 'HUB_KAFKA_CONTROLLER_PORT'],
    ['registry', s.registry.port, 'schema registry', 'HUB_REGISTRY_PORT'], ['registry', s.registry.managementPort, 'schema registry management', 'HUB_REGISTRY_MANAGEMENT_PORT'],
    ['redis', s.redis.port, 'Redis', 'HUB_REDIS_PORT'],
  ];
  for (const [name, port, what, envName] of ports) {
    if (needs(name) && !ourProcess(services(s).find((x) => x.service === name)!.runDir)) await assertPortFree(port, what, envName);
  }
  const started: ServiceName[] = [];
  const starts: Promise<void>[] = [];
  if (needs('kafka')) { started.push('kafka'); starts.push(startKafka(s, env)); }
  if (needs('registry')) { started.push('registry'); starts.push(startRegistry(s, env)); }
  if (needs('redis')) { started.push('redis'); starts.push(startRedis(s)); }
  const results = await Promise.allSettled(starts);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return { started, status: await stackStatus(s), elapsedMs: Date.now() - begun };
};

/**
 * Stops only the services this project started (their pid files and working folders say so),
 * the secured broker too; data and the secured broker's credentials stay for the next `up`.
 */
export const stackDown = async (s: StackSettings): Promise<Array<ServiceName | OutboxServiceName | 'secure-kafka' | 'secure-redis' | 'secure-registry'>> => {
  const stopped: Array<ServiceName | OutboxServiceName | 'secure-kafka' | 'secure-redis' | 'secure-registry'> = [];
  // The outbox side first: Connect needs the broker to stop cleanly.
  stopped.push(...await stopOutboxServices(s));
  await Promise.all([
    ...services(s).filter((svc) => !svc.external).map(async (svc) => {
      if (await stopOurs(svc.runDir)) stopped.push(svc.service);
    }),
    stopOurs(secureKafkaRunDir(s), 10_000).then((ran) => { if (ran) stopped.push('secure-kafka'); }),
    stopOurs(secureRedisRunDir(s), 10_000).then((ran) => { if (ran) stopped.push('secure-redis'); }),
    stopOurs(secureRegistryRunDir(s), 10_000).then((ran) => { if (ran) stopped.push('secure-registry'); }),
  ]);
  return stopped;
};

/** Stops one of our services (fault tests restart Redis, Kafka or the registry this way). */
export const stopService = (s: StackSettings, name: ServiceName): Promise<boolean> =>
  stopOurs(services(s).find((svc) => svc.service === name)!.runDir);
