import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubError } from '../../src/shared/errors.ts';
import { fetchConnect, fetchDebezium } from './fetch.ts';
import { findJava } from './java.ts';
import { assertPortFree, ourProcess, startDetached, waitHealthy } from './processes.ts';
import { connectionsOf, type StackSettings } from './settings.ts';

export const connectRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'connect');

export const connectUrl = (s: StackSettings): string => `http://127.0.0.1:${s.outbox.connectPort}`;

const POSTGRES_CONNECTOR = 'io.debezium.connector.postgresql.PostgresConnector';

/**
 * A distributed-mode worker on the stack's broker: its group, and its config, offset and status
 * topics (replication factor 1 on a single node), are named after `connectGroup`. Offsets are
 * flushed every second, so a killed worker redelivers at most about a second of changes.
 */
export const workerProperties = (s: StackSettings, pluginPath: string): string => `# written by infra/stack/connect.ts
bootstrap.servers=${connectionsOf(s).kafkaBrokers.join(',')}
group.id=${s.outbox.connectGroup}
config.storage.topic=${s.outbox.connectGroup}.configs
offset.storage.topic=${s.outbox.connectGroup}.offsets
status.storage.topic=${s.outbox.connectGroup}.status
config.storage.replication.factor=1
offset.storage.replication.factor=1
offset.storage.partitions=1
status.storage.replication.factor=1
status.storage.partitions=1
offset.flush.interval.ms=1000
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.storage.StringConverter
listeners=http://127.0.0.1:${s.outbox.connectPort}
rest.advertised.host.name=127.0.0.1
rest.advertised.port=${s.outbox.connectPort}
plugin.path=${pluginPath}
plugin.discovery=only_scan
topic.creation.enable=true
scheduled.rebalance.max.delay.ms=0
# Source tasks write one partition with one request in flight (Connect's default for ordering):
# larger batches and a short linger carry more rows per round trip.
producer.batch.size=262144
producer.linger.ms=5
`;

/** Healthy when the worker's REST API answers and lists Debezium's PostgreSQL connector among its plugins. */
export const connectHealthy = async (url: string): Promise<boolean> => {
  const response = await fetch(`${url}/connector-plugins`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) return false;
  const plugins = (await response.json()) as Array<{ class: string }>;
  return plugins.some((p) => p.class === POSTGRES_CONNECTOR);
};

/** Kafka Connect (distributed mode) with Debezium's PostgreSQL connector on its plugin path. */
export const startConnect = async (s: StackSettings, env: NodeJS.ProcessEnv): Promise<void> => {
  const runDir = connectRunDir(s);
  if (ourProcess(runDir)) return;
  await assertPortFree(s.outbox.connectPort, 'Kafka Connect', 'HUB_CONNECT_PORT');
  const { java } = findJava(env, 17, 'Kafka Connect 4', 'HUB_KAFKA_JAVA_HOME');
  const home = fetchConnect(s.stackDir, s.rootDir, s.outbox.connectVersion);
  const plugins = fetchDebezium(s.stackDir, s.rootDir, s.outbox.debeziumVersion);
  fs.mkdirSync(runDir, { recursive: true });
  const config = path.join(runDir, 'worker.properties');
  fs.writeFileSync(config, workerProperties(s, plugins));
  startDetached(runDir, java, [
    // C1 only: the worker is ready in about half the time, and the outbox benchmark drained no faster with C2.
    `-Xms128m`, `-Xmx${s.outbox.connectHeapMb}m`, '-XX:+UseG1GC', '-XX:TieredStopAtLevel=1',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-Dorg.slf4j.simpleLogger.showDateTime=true',
    '-cp', `${path.join(home, 'lib')}/*`, 'org.apache.kafka.connect.cli.ConnectDistributed', config,
  ]);
  await waitHealthy('Kafka Connect', runDir, () => connectHealthy(connectUrl(s)), 120_000);
};

interface ConnectorStatus {
  connector: { state: string; trace?: string };
  tasks: Array<{ id: number; state: string; trace?: string }>;
}

const statusOf = async (url: string, name: string): Promise<ConnectorStatus | undefined> => {
  const response = await fetch(`${url}/connectors/${encodeURIComponent(name)}/status`, { signal: AbortSignal.timeout(5000) });
  return response.ok ? ((await response.json()) as ConnectorStatus) : undefined;
};

/** Whether the connector and every task of it run. */
export const connectorRunning = async (url: string, name: string): Promise<boolean> => {
  const status = await statusOf(url, name).catch(() => undefined);
  return status !== undefined && status.connector.state === 'RUNNING' && status.tasks.length > 0 && status.tasks.every((t) => t.state === 'RUNNING');
};

/**
 * Creates or updates a connector and waits until it and its task run. A connector or task that
 * fails is an error carrying Connect's trace (the first lines).
 */
export const putConnector = async (url: string, name: string, config: Record<string, string>, timeoutMs = 60_000): Promise<void> => {
  const response = await fetch(`${url}/connectors/${encodeURIComponent(name)}/config`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config), signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new HubError('CONNECTOR_FAILED', `Kafka Connect refused connector ${name} (HTTP ${response.status}): ${(await response.text()).slice(0, 800)}`);
  const deadline = Date.now() + timeoutMs;
  // A connector that failed before (its status outlives the worker, on the status topic) is not
  // restarted by an unchanged config: it is restarted once; failing again is an error.
  let restarted = false;
  while (Date.now() < deadline) {
    const status = await statusOf(url, name).catch(() => undefined);
    const failed = status && [status.connector, ...status.tasks].find((t) => t.state === 'FAILED');
    if (failed && !restarted) {
      restarted = true;
      await fetch(`${url}/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=true`, { method: 'POST', signal: AbortSignal.timeout(30_000) });
      await sleep(1000);
      continue;
    }
    if (failed) throw new HubError('CONNECTOR_FAILED', `connector ${name} failed: ${(failed.trace ?? '').split('\n').slice(0, 6).join('\n')}`);
    if (await connectorRunning(url, name)) return;
    await sleep(300);
  }
  throw new HubError('SERVICE_UNHEALTHY', `connector ${name} did not start running within ${Math.round(timeoutMs / 1000)} s`);
};
