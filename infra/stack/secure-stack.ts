import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { HubError } from '../../src/shared/errors.ts';
import { kafkaHealthy } from './kafka.ts';
import { assertPortFree, ourProcess, stopOurs, waitHealthy } from './processes.ts';
import { hubAcls, startSecureKafka } from './secure-kafka.ts';
import type { KafkaSasl, StackSettings } from './settings.ts';

/** The super user; the broker's own identity too. */
export const SECURE_ADMIN_USER = 'admin';
/** The hub's own principal (not a super user: `hubPrincipalAcls`). */
export const SECURE_HUB_USER = 'hub';
/** The SCRAM user of a fund (a-kasse): `akasse-<code>`; its consumer groups are `akasse-<code>.…`. */
export const secureFundUser = (code: string): string => `akasse-${code}`;

export const secureKafkaRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'secure-kafka');
export const secureCredentialsFile = (s: StackSettings): string => path.join(secureKafkaRunDir(s), 'credentials.json');

/** `.stack/run/secure-kafka/credentials.json` (mode 0600): generated once, kept across `down` and `up`. */
export interface SecureCredentials {
  readonly brokers: string[];
  readonly mechanism: 'scram-sha-256';
  /** SCRAM user name → password. */
  readonly users: Readonly<Record<string, string>>;
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
  return kafkaHealthy(credentials.brokers, saslOf(credentials, SECURE_ADMIN_USER)).catch(() => false);
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
  const wanted = [SECURE_ADMIN_USER, SECURE_HUB_USER, ...o.caseSystems, ...o.fundCodes.map(secureFundUser)];
  const users: Record<string, string> = { ...stored?.users };
  const added = wanted.filter((name) => users[name] === undefined);
  for (const name of added) users[name] = secret();
  const credentials: SecureCredentials = { brokers, mechanism: 'scram-sha-256', users };
  const dataDir = path.join(runDir, 'data');
  // Ports moved, or users added: the format-time users and the listeners must match, so start afresh.
  const moved = stored !== undefined && stored.brokers.join(',') !== brokers.join(',');
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
    await waitHealthy('secured Kafka', runDir, () => kafkaHealthy(brokers, admin), 90_000);
  } else {
    await assertPortFree(port, 'secured Kafka', 'HUB_SECURE_KAFKA_PORT');
    await assertPortFree(controllerPort, 'secured Kafka controller', 'HUB_SECURE_KAFKA_CONTROLLER_PORT');
    await startSecureKafka(s, env, {
      runDir, port, controllerPort, keepData: true, adminPassword: admin.password,
      users: Object.entries(users).filter(([name]) => name !== SECURE_ADMIN_USER).map(([name, password]) => ({ name, password })),
    });
    started = true;
  }
  const client = new Kafka({ clientId: 'hub-secure-stack', brokers, sasl: admin, logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries: 5, initialRetryTime: 200 } }).admin();
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
  return { started, brokers, runDir, credentialsFile: file, credentials, sasl: (user) => saslOf(credentials, user) };
};

/** The environment that runs the hub as its own principal on the secured broker. */
export const secureHubEnv = (r: Pick<SecureUpResult, 'brokers' | 'sasl'>): Record<string, string> => {
  const sasl = r.sasl(SECURE_HUB_USER);
  return { KAFKA_BROKERS: r.brokers.join(','), KAFKA_SASL_MECHANISM: sasl.mechanism, KAFKA_SASL_USERNAME: sasl.username, KAFKA_SASL_PASSWORD: sasl.password };
};
