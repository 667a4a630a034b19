import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { HubError } from '../../src/shared/errors.ts';
import { fetchKafka } from './fetch.ts';
import { findJava } from './java.ts';
import { assertPortFree, ourProcess, run, startDetached, waitHealthy } from './processes.ts';
import type { KafkaSasl, StackSettings } from './settings.ts';

export const kafkaRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'kafka');

/**
 * A single combined broker+controller (KRaft) on loopback. Internal topics get replication
 * factor 1 and min ISR 1, which a single node needs; without them the group coordinator and
 * transactions are never available.
 */
export const serverProperties = (s: StackSettings, dataDir: string): string => `# written by infra/stack/kafka.ts
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${s.kafka.controllerPort}
listeners=PLAINTEXT://127.0.0.1:${s.kafka.port},CONTROLLER://127.0.0.1:${s.kafka.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${s.kafka.port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${dataDir}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
`;

/** Healthy when a broker and the controller answer; `sasl` for a secured broker (KAFKA_SASL_*). */
export const kafkaHealthy = async (brokers: string[], sasl?: KafkaSasl, ssl?: { ca: string }): Promise<boolean> => {
  const admin = new Kafka({ clientId: 'hub-stack-health', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 1500, retry: { retries: 0 }, ...(sasl ? { sasl } : {}), ...(ssl ? { ssl } : {}) }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

/**
 * Whether the broker serves new topics: for some seconds after it answers describeCluster, a fresh
 * single-node KRaft broker creates a topic but answers its metadata with UNKNOWN_TOPIC_OR_PARTITION,
 * so whoever creates topics first (the tests, the benchmark, `hub start`) would fail. A probe topic is
 * created with a leader, then deleted.
 */
const kafkaServesTopics = async (brokers: string[]): Promise<boolean> => {
  const admin = new Kafka({ clientId: 'hub-stack-health', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 1500, retry: { retries: 0 } }).admin();
  const topic = `hub-stack-probe-${process.pid}-${Date.now()}`;
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    return true;
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
};

export const startKafka = async (s: StackSettings, env: NodeJS.ProcessEnv): Promise<void> => {
  const runDir = kafkaRunDir(s);
  if (ourProcess(runDir)) return;
  await assertPortFree(s.kafka.port, 'Kafka', 'HUB_KAFKA_PORT');
  await assertPortFree(s.kafka.controllerPort, 'Kafka controller', 'HUB_KAFKA_CONTROLLER_PORT');
  const { java } = findJava(env, 17, 'Apache Kafka 4', 'HUB_KAFKA_JAVA_HOME');
  const home = fetchKafka(s.stackDir, s.rootDir, s.kafka.version);
  const dataDir = path.join(runDir, 'data');
  const config = path.join(runDir, 'server.properties');
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(config, serverProperties(s, dataDir));
  const classpath = `${path.join(home, 'lib')}/*`;
  if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
    const id = run(java, ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'])?.stdout.trim();
    const format = run(java, ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', id ?? '', '-c', config, '--standalone']);
    if (!id || !format || format.status !== 0) {
      throw new HubError('SERVICE_UNHEALTHY', `formatting Kafka's KRaft storage failed: ${format?.stderr ?? ''}`);
    }
  }
  startDetached(runDir, java, [
    `-Xms${Math.min(256, s.kafka.heapMb)}m`, `-Xmx${s.kafka.heapMb}m`, '-XX:+UseG1GC',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-Dorg.slf4j.simpleLogger.showDateTime=true',
    '-cp', classpath, 'kafka.Kafka', config,
  ]);
  const brokers = [`127.0.0.1:${s.kafka.port}`];
  await waitHealthy('Kafka', runDir, async () => (await kafkaHealthy(brokers)) && kafkaServesTopics(brokers), 90_000);
};
