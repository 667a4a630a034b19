import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { HubError } from '../../src/shared/errors.ts';
import { kafkaHealthy } from './kafka.ts';
import { assertPortFree, ourProcess, startDetached, stopOurs, waitHealthy, which } from './processes.ts';
import { redisHealthy } from './redis.ts';
import { connectionsOf, repoRoot } from './settings.ts';
import { ensureLocalCa, type LocalCa } from './tls-ca.ts';
import { hubAcls, startSecureKafka } from './secure-kafka.ts';
import type { KafkaSasl, StackSettings } from './settings.ts';

/** The super user; the broker's own identity too. */
export const SECURE_ADMIN_USER = 'admin';
/** The hub's own principal (not a super user: `hubPrincipalAcls`). */
export const SECURE_HUB_USER = 'hub';
/** The SCRAM user of a fund (a-kasse): `akasse-<code>`; its consumer groups are `akasse-<code>.…`. */
export const secureFundUser = (code: string): string => `akasse-${code}`;

export const secureKafkaRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'secure-kafka');
export const secureRedisRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'secure-redis');
export const secureRegistryRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'secure-registry');
/** The CA of the secured stack, kept apart from the broker's data so a re-format keeps it. */
export const secureCaDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'secure-ca');
/** The user of the TLS Redis and of the HTTPS registry (credentials.json `users`). */
export const SECURE_SERVICE_USER = 'hub';
export const secureCredentialsFile = (s: StackSettings): string => path.join(secureKafkaRunDir(s), 'credentials.json');

/** `.stack/run/secure-kafka/credentials.json` (mode 0600): generated once, kept across `down` and `up`. */
export interface SecureCredentials {
  readonly brokers: string[];
  readonly mechanism: 'scram-sha-256';
  /** SCRAM user name → password. */
  readonly users: Readonly<Record<string, string>>;
  /** The mutual-TLS listener (client certificate, CN = user). */
  readonly mtlsBrokers?: string[];
  /** The CA every secured service's certificate is signed by. */
  readonly caFile?: string;
  /** Redis over TLS (ACL user `hub`) and the registry over HTTPS (Basic, user `hub`). */
  readonly redis?: { readonly url: string; readonly username: string; readonly password: string };
  readonly registry?: { readonly url: string; readonly username: string; readonly password: string };
}

/** What `hub stack up --secure` needs from the hub's settings. */
export interface SecureStackOptions {
  /** The hub's topic prefix (HUB_TOPIC_PREFIX): the hub principal's ACLs cover `<prefix>.…`. */
  readonly topicPrefix: string;
  readonly topics: { indberetninger: string; kvitteringer: string; fund(code: string): string };
  /** Fund codes (config/akasser.json): one user `akasse-<code>` each, reading only its topic. */
  readonly fundCodes: readonly string[];
  /** Case systems (their agreement ids, e.g. `demo-sagssystem`): write the inbound topic, read receipts. */
  readonly caseSystems: readonly string[];
}

export interface SecureUpResult {
  /** False when a healthy secured broker of ours was running already. */
  readonly started: boolean;
  readonly brokers: string[];
  readonly runDir: string;
  readonly credentialsFile: string;
  readonly credentials: SecureCredentials;
  /** The SASL options of one of the users. */
  sasl(user: string): KafkaSasl;
  /** A client certificate for the mutual-TLS listener, CN = `user`. */
  clientCert(user: string): { certFile: string; keyFile: string };
}

export const readSecureCredentials = (s: StackSettings): SecureCredentials | undefined => {
  try {
    return JSON.parse(fs.readFileSync(secureCredentialsFile(s), 'utf8')) as SecureCredentials;
  } catch {
    return undefined;
  }
};

const secret = (): string => randomBytes(18).toString('base64url');

const saslOf = (credentials: SecureCredentials, user: string): KafkaSasl => {
  const password = credentials.users[user];
  if (password === undefined) throw new HubError('CONFIG_INVALID', `the secured broker has no user ${user} (${Object.keys(credentials.users).join(', ')})`);
  return { mechanism: 'scram-sha-256', username: user, password };
};

/** Whether our secured broker's process runs (it may still be starting). */
export const secureKafkaRunning = (s: StackSettings): boolean => ourProcess(secureKafkaRunDir(s)) !== undefined;

/** Health of our secured broker, checked as `admin`; false when it has no credentials yet. */
export const secureKafkaHealthy = async (s: StackSettings): Promise<boolean> => {
  const credentials = readSecureCredentials(s);
  if (!credentials) return false;
  const ssl = credentials.caFile && fs.existsSync(credentials.caFile) ? { ca: fs.readFileSync(credentials.caFile, 'utf8') } : undefined;
  return kafkaHealthy(credentials.brokers, saslOf(credentials, SECURE_ADMIN_USER), ssl).catch(() => false);
};

/**
 * `hub stack up --secure`: the secured broker (SASL/SCRAM-SHA-256, StandardAuthorizer) on fixed
 * ports (HUB_SECURE_KAFKA_PORT, HUB_SECURE_KAFKA_CONTROLLER_PORT) in `<stack>/run/secure-kafka`.
 * Idempotent: a healthy one of ours is left running; a stopped one restarts on its data. Users
 * exist from format time, so a user that is new (a fund added to the funds file) makes it wipe
 * and format again. The ACLs (`hubAcls`, for the given topic prefix) are applied every time;
 * Kafka keeps one copy of an ACL however often it is created.
 */
export const secureStackUp = async (s: StackSettings, env: NodeJS.ProcessEnv, o: SecureStackOptions): Promise<SecureUpResult> => {
  const runDir = secureKafkaRunDir(s);
  const file = secureCredentialsFile(s);
  const { port, controllerPort } = s.secureKafka;
  const brokers = [`127.0.0.1:${port}`];
  const stored = readSecureCredentials(s);
  const ca = ensureLocalCa(secureCaDir(s));
  const ssl = { ca: fs.readFileSync(ca.caFile, 'utf8') };
  const mtlsBrokers = [`127.0.0.1:${s.secureKafka.mtlsPort}`];
  const wanted = [SECURE_ADMIN_USER, SECURE_HUB_USER, ...o.caseSystems, ...o.fundCodes.map(secureFundUser)];
  const users: Record<string, string> = { ...stored?.users };
  const added = wanted.filter((name) => users[name] === undefined);
  for (const name of added) users[name] = secret();
  const service = (url: string, stored?: { password: string }) => ({ url, username: SECURE_SERVICE_USER, password: stored?.password ?? secret() });
  const credentials: SecureCredentials = {
    brokers, mechanism: 'scram-sha-256', users, mtlsBrokers, caFile: ca.caFile,
    redis: service(`rediss://127.0.0.1:${s.secureKafka.redisPort}`, stored?.redis),
    registry: service(`https://127.0.0.1:${s.secureKafka.registryPort}/apis/ccompat/v7`, stored?.registry),
  };
  const dataDir = path.join(runDir, 'data');
  // Ports moved, or users added: the format-time users and the listeners must match, so start afresh.
  const moved = stored !== undefined && (stored.brokers.join(',') !== brokers.join(',') || stored.mtlsBrokers?.join(',') !== mtlsBrokers.join(','));
  if ((added.length > 0 && stored !== undefined) || moved || (stored === undefined && fs.existsSync(dataDir))) {
    await stopOurs(runDir, 10_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  const admin = saslOf(credentials, SECURE_ADMIN_USER);
  let started = false;
  if (ourProcess(runDir)) {
    // Ours and running (perhaps still starting): wait for it rather than start a second one.
    await waitHealthy('secured Kafka', runDir, () => kafkaHealthy(brokers, admin, ssl), 90_000);
  } else {
    await assertPortFree(port, 'secured Kafka', 'HUB_SECURE_KAFKA_PORT');
    await assertPortFree(controllerPort, 'secured Kafka controller', 'HUB_SECURE_KAFKA_CONTROLLER_PORT');
    await startSecureKafka(s, env, {
      runDir, port, controllerPort, keepData: true, adminPassword: admin.password, tls: { ca, mtlsPort: s.secureKafka.mtlsPort },
      users: Object.entries(users).filter(([name]) => name !== SECURE_ADMIN_USER).map(([name, password]) => ({ name, password })),
    });
    started = true;
  }
  await startSecureRedis(s, ca, credentials.redis!);
  await startSecureRegistry(s, ca, credentials.registry!);
  const client = new Kafka({ clientId: 'hub-secure-stack', brokers, sasl: admin, ssl, logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries: 5, initialRetryTime: 200 } }).admin();
  await client.connect();
  try {
    await client.createAcls({
      acl: hubAcls(o.topics, {
        caseSystems: o.caseSystems,
        funds: o.fundCodes.map((code) => ({ user: secureFundUser(code), code })),
        hub: { user: SECURE_HUB_USER, topicPrefix: o.topicPrefix },
      }),
    });
  } finally {
    await client.disconnect().catch(() => undefined);
  }
  return { started, brokers, runDir, credentialsFile: file, credentials, sasl: (user) => saslOf(credentials, user), clientCert: (user) => ca.client(user) };
};

/**
 * Redis with only a TLS port, the default user off and one ACL user (`hub`, every command and key:
 * BullMQ needs them), append-only as the plain one. Left running when ours runs already.
 */
const startSecureRedis = async (s: StackSettings, ca: LocalCa, user: { url: string; username: string; password: string }): Promise<void> => {
  const runDir = secureRedisRunDir(s);
  const healthy = () => redisHealthy(user.url, { tls: { ca: fs.readFileSync(ca.caFile, 'utf8') }, username: user.username, password: user.password });
  if (ourProcess(runDir)) return waitHealthy('secured Redis', runDir, healthy, 20_000);
  await assertPortFree(s.secureKafka.redisPort, 'secured Redis', 'HUB_SECURE_REDIS_PORT');
  fs.mkdirSync(runDir, { recursive: true });
  const config = path.join(runDir, 'redis.conf');
  fs.writeFileSync(config, [
    'bind 127.0.0.1', 'port 0', `tls-port ${s.secureKafka.redisPort}`, `tls-cert-file ${ca.serverCertFile}`, `tls-key-file ${ca.serverKeyFile}`,
    `tls-ca-cert-file ${ca.caFile}`, 'tls-auth-clients no', `dir ${runDir}`, 'appendonly yes', 'appendfsync everysec', 'save ""',
    'maxmemory-policy noeviction', 'user default off', `user ${user.username} on >${user.password} ~* &* +@all`, '',
  ].join('\n'), { mode: 0o600 });
  startDetached(runDir, which('redis-server') ?? 'redis-server', [config]);
  await waitHealthy('secured Redis', runDir, healthy, 20_000);
};

/** The registry behind HTTPS and Basic credentials (registry-proxy.mjs), forwarding to the local registry. */
const startSecureRegistry = async (s: StackSettings, ca: LocalCa, user: { url: string; username: string; password: string }): Promise<void> => {
  const runDir = secureRegistryRunDir(s);
  const healthy = () => httpsAnswers(user.url, ca.caFile, user);
  if (ourProcess(runDir)) return waitHealthy('secured registry', runDir, healthy, 20_000);
  await assertPortFree(s.secureKafka.registryPort, 'secured registry', 'HUB_SECURE_REGISTRY_PORT');
  const target = new URL(connectionsOf(s).registryUrl);
  startDetached(runDir, process.execPath, [path.join(repoRoot(), 'infra', 'stack', 'registry-proxy.mjs')], {
    ...process.env, PROXY_PORT: String(s.secureKafka.registryPort), PROXY_TARGET: target.origin, PROXY_CERT_FILE: ca.serverCertFile,
    PROXY_KEY_FILE: ca.serverKeyFile, PROXY_USERNAME: user.username, PROXY_PASSWORD: user.password,
  });
  await waitHealthy('secured registry', runDir, healthy, 20_000);
};

const httpsAnswers = (url: string, caFile: string, user: { username: string; password: string }): Promise<boolean> => new Promise((resolve) => {
  const request = https.get(`${url}/subjects`, { ca: fs.readFileSync(caFile), auth: `${user.username}:${user.password}`, timeout: 2000 }, (response) => {
    response.resume();
    resolve(response.statusCode === 200);
  });
  request.on('error', () => resolve(false));
  request.on('timeout', () => { request.destroy(); resolve(false); });
});

/** The environment that runs the hub as its own principal on the secured broker. */
export const secureHubEnv = (r: Pick<SecureUpResult, 'brokers' | 'sasl' | 'credentials'>): Record<string, string> => {
  const sasl = r.sasl(SECURE_HUB_USER);
  const { caFile, redis, registry } = r.credentials;
  return {
    KAFKA_BROKERS: r.brokers.join(','), KAFKA_SASL_MECHANISM: sasl.mechanism, KAFKA_SASL_USERNAME: sasl.username, KAFKA_SASL_PASSWORD: sasl.password,
    ...(caFile ? { KAFKA_TLS_CA_FILE: caFile } : {}),
    ...(registry && caFile ? { SCHEMA_REGISTRY_URL: registry.url, SCHEMA_REGISTRY_USERNAME: registry.username, SCHEMA_REGISTRY_PASSWORD: registry.password, SCHEMA_REGISTRY_CA_FILE: caFile } : {}),
    ...(redis && caFile ? { REDIS_URL: redis.url, REDIS_USERNAME: redis.username, REDIS_PASSWORD: redis.password, REDIS_TLS_CA_FILE: caFile } : {}),
  };
};
