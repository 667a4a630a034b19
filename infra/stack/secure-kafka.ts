import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import kafkajs, { Kafka, logLevel, type AclEntry } from 'kafkajs';
import { HubError } from '../../src/shared/errors.ts';
import { fetchKafka } from './fetch.ts';
import { findJava } from './java.ts';
import { run, startDetached, stopOurs, waitHealthy } from './processes.ts';
import type { StackSettings } from './settings.ts';
import type { LocalCa } from './tls-ca.ts';

/** A SCRAM user of the secured broker. */
export interface ScramUser {
  readonly name: string;
  readonly password: string;
}

/** Options of a secured single-node KRaft broker; the default local broker is not touched. */
export interface SecureKafkaOptions {
  /** Folder for its data, config and log. Default `<stack>/run/secure-kafka`. */
  readonly runDir?: string;
  /** Client (SASL_PLAINTEXT, SCRAM-SHA-256) port. Default: a free one. */
  readonly port?: number;
  /** Controller (SASL_PLAINTEXT, PLAIN) port. Default: a free one. */
  readonly controllerPort?: number;
  /** The super user `admin` (super.users=User:admin); it also serves as the broker's own identity. */
  readonly adminPassword: string;
  /** Further SCRAM users, created at format time (`kafka-storage format --add-scram`). */
  readonly users: readonly ScramUser[];
  /** Heap in MB. Default 384. */
  readonly heapMb?: number;
  /**
   * Keep the folder and start on its formatted data (users are those it was formatted with);
   * format only when there is none. Default false: wipe and format afresh (tests on free ports).
   */
  readonly keepData?: boolean;
  /**
   * TLS: the client listener becomes SASL_SSL, and a second listener on `mtlsPort` takes mutual TLS
   * (SSL, client certificate required; its CN is the principal, so the same ACLs apply). Without
   * it the client listener is SASL_PLAINTEXT.
   */
  readonly tls?: { readonly ca: LocalCa; readonly mtlsPort?: number };
}

export interface SecureKafka {
  readonly brokers: string[];
  /** The mutual-TLS listener's address, when TLS is on. */
  readonly mtlsBrokers?: string[];
  readonly runDir: string;
  sasl(user: ScramUser): { mechanism: 'scram-sha-256'; username: string; password: string };
  stop(): Promise<void>;
}

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const server = net.createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as net.AddressInfo;
    server.close(() => resolve(port));
  });
});

const jaasQuote = (value: string): string => {
  if (!/^[A-Za-z0-9._~+-]+$/.test(value)) throw new HubError('CONFIG_INVALID', 'SCRAM user names and passwords may hold letters, digits and . _ ~ + - only');
  return value;
};

/**
 * A secured broker: clients authenticate with SASL/SCRAM-SHA-256; the broker talks to itself
 * as `admin` over SCRAM and to its controller over SASL/PLAIN (SCRAM cannot serve the controller
 * listener in KRaft: credentials live in the metadata the controller serves). The
 * StandardAuthorizer denies whatever no ACL allows; only `admin` is a super user.
 */
export const secureServerProperties = (o: { port: number; controllerPort: number; dataDir: string; adminPassword: string; tls?: { serverPemFile: string; caFile: string; mtlsPort: number } }): string => {
  const pw = jaasQuote(o.adminPassword);
  const listeners = o.tls
    ? `listeners=BROKER://127.0.0.1:${o.port},MTLS://127.0.0.1:${o.tls.mtlsPort},CONTROLLER://127.0.0.1:${o.controllerPort}
advertised.listeners=BROKER://127.0.0.1:${o.port},MTLS://127.0.0.1:${o.tls.mtlsPort}
listener.security.protocol.map=BROKER:SASL_SSL,MTLS:SSL,CONTROLLER:SASL_PLAINTEXT
ssl.keystore.type=PEM
ssl.keystore.location=${o.tls.serverPemFile}
ssl.truststore.type=PEM
ssl.truststore.location=${o.tls.caFile}
listener.name.mtls.ssl.client.auth=required
ssl.principal.mapping.rules=RULE:^CN=([a-zA-Z0-9._-]+)$/$1/,DEFAULT
`
    : `listeners=BROKER://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}
advertised.listeners=BROKER://127.0.0.1:${o.port}
listener.security.protocol.map=BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
`;
  return `# written by infra/stack/secure-kafka.ts
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${o.controllerPort}
${listeners}controller.listener.names=CONTROLLER
inter.broker.listener.name=BROKER
sasl.enabled.mechanisms=SCRAM-SHA-256
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256
listener.name.broker.sasl.enabled.mechanisms=SCRAM-SHA-256
listener.name.broker.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${pw}";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${pw}" user_admin="${pw}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
log.dirs=${o.dataDir}
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
`;
};

/** Formats (with the SCRAM users) and starts a secured broker beside the default one. */
export const startSecureKafka = async (s: StackSettings, env: NodeJS.ProcessEnv, o: SecureKafkaOptions): Promise<SecureKafka> => {
  const runDir = o.runDir ?? path.join(s.stackDir, 'run', 'secure-kafka');
  const port = o.port ?? await freePort();
  const controllerPort = o.controllerPort ?? await freePort();
  const tls = o.tls ? { serverPemFile: o.tls.ca.serverPemFile, caFile: o.tls.ca.caFile, mtlsPort: o.tls.mtlsPort ?? await freePort() } : undefined;
  const ssl = o.tls ? { ca: fs.readFileSync(o.tls.ca.caFile, 'utf8') } : undefined;
  const { java } = findJava(env, 17, 'Apache Kafka 4', 'HUB_KAFKA_JAVA_HOME');
  const home = fetchKafka(s.stackDir, s.rootDir, s.kafka.version);
  const classpath = `${path.join(home, 'lib')}/*`;
  const dataDir = path.join(runDir, 'data');
  const config = path.join(runDir, 'server.properties');
  if (!o.keepData) fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(config, secureServerProperties({ port, controllerPort, dataDir, adminPassword: o.adminPassword, ...(tls ? { tls } : {}) }), { mode: 0o600 });
  if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
    const id = run(java, ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'])?.stdout.trim();
    const scram = [{ name: 'admin', password: o.adminPassword }, ...o.users].flatMap((u) => ['--add-scram', `SCRAM-SHA-256=[name=${jaasQuote(u.name)},password=${jaasQuote(u.password)}]`]);
    const format = run(java, ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', id ?? '', '-c', config, '--standalone', ...scram]);
    if (!id || !format || format.status !== 0) throw new HubError('SERVICE_UNHEALTHY', `formatting the secured broker's storage failed: ${format?.stderr ?? ''}`);
  }
  startDetached(runDir, java, [
    `-Xms128m`, `-Xmx${o.heapMb ?? 384}m`, '-XX:+UseG1GC', '-cp', classpath, 'kafka.Kafka', config,
  ]);
  const brokers = [`127.0.0.1:${port}`];
  const sasl = (user: ScramUser) => ({ mechanism: 'scram-sha-256' as const, username: user.name, password: user.password });
  const healthy = async () => {
    const admin = new Kafka({ clientId: 'secure-health', brokers, sasl: sasl({ name: 'admin', password: o.adminPassword }), ...(ssl ? { ssl } : {}), logLevel: logLevel.NOTHING, connectionTimeout: 1500, retry: { retries: 0 } }).admin();
    try {
      await admin.connect();
      return (await admin.describeCluster()).controller !== null;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  try {
    await waitHealthy('secured Kafka', runDir, healthy, 90_000);
  } catch (error) {
    await stopOurs(runDir, 5000);
    throw error;
  }
  return {
    brokers, runDir, sasl, ...(tls ? { mtlsBrokers: [`127.0.0.1:${tls.mtlsPort}`] } : {}),
    async stop() {
      await stopOurs(runDir, 10_000);
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
};

// kafkajs is CommonJS and Node's ESM loader does not see these enums as named exports.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
type AclResourceTypes = kafkajs.AclResourceTypes;
type ResourcePatternTypes = kafkajs.ResourcePatternTypes;
type AclOperationTypes = kafkajs.AclOperationTypes;

const allow = (resourceType: AclResourceTypes, resourceName: string, patternType: ResourcePatternTypes, principal: string, operation: AclOperationTypes): AclEntry => ({
  resourceType, resourceName, resourcePatternType: patternType, principal: `User:${principal}`, host: '*', operation, permissionType: AclPermissionTypes.ALLOW,
});

/**
 * The hub's own principal, without being a super user: everything named under its topic prefix
 * (`<prefix>.` topics, consumer groups and transactional ids, which is every name the hub makes),
 * idempotent writes, describing the cluster, and describing the funds' groups (`<fund user>.`) so
 * that it can watch their lag. Pure.
 */
export const hubPrincipalAcls = (user: string, topicPrefix: string, fundGroupPrefixes: readonly string[]): AclEntry[] => [
  allow(AclResourceTypes.TOPIC, `${topicPrefix}.`, ResourcePatternTypes.PREFIXED, user, AclOperationTypes.ALL),
  allow(AclResourceTypes.GROUP, `${topicPrefix}.`, ResourcePatternTypes.PREFIXED, user, AclOperationTypes.ALL),
  allow(AclResourceTypes.TRANSACTIONAL_ID, `${topicPrefix}.`, ResourcePatternTypes.PREFIXED, user, AclOperationTypes.ALL),
  allow(AclResourceTypes.CLUSTER, 'kafka-cluster', ResourcePatternTypes.LITERAL, user, AclOperationTypes.IDEMPOTENT_WRITE),
  allow(AclResourceTypes.CLUSTER, 'kafka-cluster', ResourcePatternTypes.LITERAL, user, AclOperationTypes.DESCRIBE),
  ...fundGroupPrefixes.map((group) => allow(AclResourceTypes.GROUP, group, ResourcePatternTypes.PREFIXED, user, AclOperationTypes.DESCRIBE)),
];

/**
 * The hub's ACLs (least privilege): a case system writes the inbound topic and reads receipts;
 * a fund reads only its own topic; each uses consumer groups named after itself (`<name>.`);
 * the hub's principal, when named, gets `hubPrincipalAcls` under its topic prefix.
 * Pure: returns the entries for `admin.createAcls`.
 */
export const hubAcls = (topics: { indberetninger: string; kvitteringer: string; fund(code: string): string }, principals: { caseSystems: readonly string[]; funds: ReadonlyArray<{ user: string; code: string }>; hub?: { user: string; topicPrefix: string } }): AclEntry[] => [
  ...(principals.hub ? hubPrincipalAcls(principals.hub.user, principals.hub.topicPrefix, principals.funds.map((f) => `${f.user}.`)) : []),
  ...principals.caseSystems.flatMap((user) => [
    allow(AclResourceTypes.TOPIC, topics.indberetninger, ResourcePatternTypes.LITERAL, user, AclOperationTypes.WRITE),
    allow(AclResourceTypes.TOPIC, topics.indberetninger, ResourcePatternTypes.LITERAL, user, AclOperationTypes.DESCRIBE),
    allow(AclResourceTypes.TOPIC, topics.kvitteringer, ResourcePatternTypes.LITERAL, user, AclOperationTypes.READ),
    allow(AclResourceTypes.TOPIC, topics.kvitteringer, ResourcePatternTypes.LITERAL, user, AclOperationTypes.DESCRIBE),
    allow(AclResourceTypes.GROUP, `${user}.`, ResourcePatternTypes.PREFIXED, user, AclOperationTypes.READ),
  ]),
  ...principals.funds.flatMap(({ user, code }) => [
    allow(AclResourceTypes.TOPIC, topics.fund(code), ResourcePatternTypes.LITERAL, user, AclOperationTypes.READ),
    allow(AclResourceTypes.TOPIC, topics.fund(code), ResourcePatternTypes.LITERAL, user, AclOperationTypes.DESCRIBE),
    allow(AclResourceTypes.GROUP, `${user}.`, ResourcePatternTypes.PREFIXED, user, AclOperationTypes.READ),
  ]),
];
