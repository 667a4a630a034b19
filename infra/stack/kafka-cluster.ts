import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { HubError } from '../../src/shared/errors.ts';
import { fetchKafka } from './fetch.ts';
import { findJava } from './java.ts';
import { assertPortFree, ourProcess, run, startDetached, stopOurs, waitHealthy } from './processes.ts';
import type { StackSettings } from './settings.ts';

/** One combined broker+controller of a local cluster. */
export interface ClusterNode {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
}

/** Options of a local multi-node KRaft cluster (fault tests: replication, leader loss). */
export interface KafkaClusterOptions {
  /** Folder of the nodes' data, config and logs (`node-<id>/`). */
  readonly runDir: string;
  /** The nodes' ports; ids are 1…n. Three nodes give replication factor 3 with min ISR 2. */
  readonly nodes: readonly ClusterNode[];
  /** Heap of each node in MB. Default 512. */
  readonly heapMb?: number;
}

export interface KafkaCluster {
  readonly brokers: string[];
  readonly nodes: readonly ClusterNode[];
  /** The pid of a running node, if it runs. */
  pidOf(id: number): number | undefined;
  /** Sends `signal` to a node (SIGKILL: a hard crash, no controlled shutdown). */
  kill(id: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped or killed node again on its data (it rejoins and catches up). */
  start(id: number): Promise<void>;
  /** Stops every node and removes the folder. */
  stop(): Promise<void>;
}

/**
 * A node of a static quorum: every node is a voter (`controller.quorum.voters`), so the metadata
 * quorum survives the loss of one node of three. Internal topics are replicated to 3 with min ISR 2,
 * as production runs them; `min.insync.replicas=2` makes an acks=all write survive a lost leader.
 */
export const clusterNodeProperties = (node: ClusterNode, all: readonly ClusterNode[], dataDir: string): string => {
  const rf = Math.min(3, all.length);
  const minIsr = Math.max(1, rf - 1);
  return `# written by infra/stack/kafka-cluster.ts
process.roles=broker,controller
node.id=${node.id}
controller.quorum.voters=${all.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',')}
listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${dataDir}
num.partitions=3
default.replication.factor=${rf}
min.insync.replicas=${minIsr}
offsets.topic.replication.factor=${rf}
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=${rf}
transaction.state.log.min.isr=${minIsr}
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=${rf}
share.coordinator.state.topic.min.isr=${minIsr}
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
unclean.leader.election.enable=false
log.retention.hours=168
`;
};

const nodeDir = (runDir: string, id: number): string => path.join(runDir, `node-${id}`);

/** Formats (one cluster id for all) and starts a local KRaft cluster; resolves when every broker is registered. */
export const startKafkaCluster = async (s: StackSettings, env: NodeJS.ProcessEnv, o: KafkaClusterOptions): Promise<KafkaCluster> => {
  const { java } = findJava(env, 17, 'Apache Kafka 4', 'HUB_KAFKA_JAVA_HOME');
  const home = fetchKafka(s.stackDir, s.rootDir, s.kafka.version);
  const classpath = `${path.join(home, 'lib')}/*`;
  for (const n of o.nodes) {
    await assertPortFree(n.port, `Kafka node ${n.id}`, 'the cluster options');
    await assertPortFree(n.controllerPort, `Kafka controller ${n.id}`, 'the cluster options');
  }
  const clusterId = run(java, ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'])?.stdout.trim();
  if (!clusterId) throw new HubError('SERVICE_UNHEALTHY', 'could not make a KRaft cluster id');
  for (const n of o.nodes) {
    const dir = nodeDir(o.runDir, n.id);
    fs.mkdirSync(dir, { recursive: true });
    const config = path.join(dir, 'server.properties');
    fs.writeFileSync(config, clusterNodeProperties(n, o.nodes, path.join(dir, 'data')));
    const format = run(java, ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config]);
    if (!format || format.status !== 0) throw new HubError('SERVICE_UNHEALTHY', `formatting node ${n.id} failed: ${format?.stderr ?? ''}`);
  }
  const brokers = o.nodes.map((n) => `127.0.0.1:${n.port}`);
  const launch = (n: ClusterNode) => {
    const dir = nodeDir(o.runDir, n.id);
    startDetached(dir, java, [
      `-Xms128m`, `-Xmx${o.heapMb ?? 512}m`, '-XX:+UseG1GC', '-cp', classpath, 'kafka.Kafka', path.join(dir, 'server.properties'),
    ]);
  };
  const registered = async (ids: readonly number[]): Promise<boolean> => {
    const admin = new Kafka({ clientId: 'hub-cluster-health', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 1500, retry: { retries: 0 } }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.controller !== null && ids.every((id) => cluster.brokers.some((b) => b.nodeId === id));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  const stopAll = () => Promise.all(o.nodes.map((n) => stopOurs(nodeDir(o.runDir, n.id), 10_000)));
  o.nodes.forEach(launch);
  try {
    await waitHealthy(`Kafka cluster of ${o.nodes.length}`, undefined, () => registered(o.nodes.map((n) => n.id)), 120_000);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const nodeOf = (id: number): ClusterNode => {
    const n = o.nodes.find((x) => x.id === id);
    if (!n) throw new HubError('CONFIG_INVALID', `the cluster has no node ${id}`);
    return n;
  };
  return {
    brokers,
    nodes: o.nodes,
    pidOf: (id) => ourProcess(nodeDir(o.runDir, nodeOf(id).id))?.pid,
    async kill(id, signal = 'SIGKILL') {
      const started = ourProcess(nodeDir(o.runDir, nodeOf(id).id));
      if (!started) return;
      process.kill(started.pid, signal);
      while (ourProcess(nodeDir(o.runDir, id))) await new Promise((r) => setTimeout(r, 100));
    },
    async start(id) {
      launch(nodeOf(id));
      try {
        await waitHealthy(`Kafka node ${id}`, nodeDir(o.runDir, id), () => registered([id]), 90_000);
      } catch (error) {
        // A node that dies on its way up is started once more, as a supervisor would; the first
        // ending goes to stderr so that a cause that repeats is seen.
        if (!(error instanceof HubError) || !/exited before/.test(error.message)) throw error;
        process.stderr.write(`Kafka node ${id} is started again: ${error.message.split('\n')[0]}\n`);
        launch(nodeOf(id));
        await waitHealthy(`Kafka node ${id}`, nodeDir(o.runDir, id), () => registered([id]), 90_000);
      }
    },
    async stop() {
      await stopAll();
      fs.rmSync(o.runDir, { recursive: true, force: true });
    },
  };
};
