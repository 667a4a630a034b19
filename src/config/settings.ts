import fs from 'node:fs';
import type { Afstemningsregler } from '../rules/afstemning/index.ts';
import { loadAfstemningsregler } from './afstemning.ts';
import os from 'node:os';
import path from 'node:path';
import { installRoot } from '../shared/paths.ts';
import { HubError } from '../shared/errors.ts';
import type { RoutingPolicy } from '../consumers/plan.ts';
import { connectionSecurityFrom, type ConnectionSecurity } from './tls-settings.ts';

/** A fund (a-kasse): its code names its topic; `pushUrl` is set when it takes HTTPS push too. */
export interface Fund {
  readonly code: string;
  readonly navn: string;
  readonly pushUrl?: string;
}

/** The hub's settings, validated once by the composition root. */
export interface HubSettings {
  readonly kafkaBrokers: string[];
  /**
   * The hub's own principal on a secured broker: KAFKA_SASL_MECHANISM (scram-sha-256, scram-sha-512
   * or plain), KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, all or none, with KAFKA_BROKERS. Absent: no SASL.
   */
  readonly kafkaSasl?: KafkaSasl;
  /** TLS to Kafka, the registry and Redis, and their credentials (tls-settings.ts). */
  readonly security: ConnectionSecurity;
  readonly registryUrl: string;
  readonly redisUrl: string;
  /** Prefix of every topic name. Default `hub`. */
  readonly topicPrefix: string;
  /** Partitions of the inbound and fund topics. Default 3. */
  readonly partitions: number;
  /** Replication factor of every topic the hub creates. Default 1 (the local stack); 3 in production. */
  readonly replicationFactor: number;
  readonly funds: readonly Fund[];
  /**
   * HUB_PERSON_LOOKUP_SECRET: files a CPR number's random person key in the hub's mapping topic
   * (src/person-keys/). Only the hub holds it; partners get keys from the key service. Never change
   * it once keys are handed out: the hub would no longer find them. Default: a development secret.
   */
  readonly personLookupSecret: string;
  /**
   * HUB_LEGACY_PERSON_KEY_SECRET: the secret of the shared keyed hash that person keys were before,
   * read only by `hub keys migrate` to find what is stored under those keys.
   */
  readonly legacyPersonKeySecret?: string;
  /** HTTP port of the public web service and registration page. Default 8080. */
  readonly httpPort: number;
  /**
   * The operations server (dashboard, `/api/ops/*`, `/metrics`): its own port (HUB_OPS_HTTP_PORT,
   * default 8090), behind HTTP Basic credentials of its own (HUB_OPS_USERNAME, default `ops`;
   * HUB_OPS_PASSWORD, which `hub start` generates for the run and prints when it is not set).
   */
  readonly ops: { readonly httpPort: number; readonly username: string; readonly password?: string };
  /** Requests a caller (API key, else address) may make to the public web service per minute. Default 600. */
  readonly rateLimitPerMinute: number;
  readonly routing: RoutingPolicy;
  /** Attempts of an HTTPS push before it is dead-lettered. Default 8. */
  readonly pushAttempts: number;
  /** First push retry wait in ms (exponential). Default 1000. */
  readonly pushRetryDelayMs: number;
  readonly logLevel: string;
  /**
   * Session timeout of the hub's consumer groups: how soon a dead member's partitions move to
   * another instance (or to the same one started again: kafkajs has no static membership, so a
   * restarted instance waits this long for its old self to leave the group). Default 10000.
   */
  readonly consumerSessionTimeoutMs: number;
  /** `retention.ms` of each fund topic the hub creates (HUB_FUND_RETENTION_MS; -1 keeps them). Default 30 days. */
  readonly fundRetentionMs?: number;
  /** How long a command waits for Kafka, the registry and Redis before it gives up naming the setting to fix (HUB_CONNECT_TIMEOUT_MS). Default 6000, so a command ends within 10 s of its start. */
  readonly connectTimeoutMs?: number;
  /**
   * Whether reports on Kafka need a connection agreement (§ 1) for their kildesystem; the web service
   * always does. `HUB_REQUIRE_AGREEMENT=false` turns the Kafka check off. Default true.
   */
  readonly requireAgreement?: boolean;
  /**
   * Folder of this instance's state stores (one SQLite database per owned inbound partition).
   * `HUB_STATE_DIR`; default `.hub-state/<prefix>` in the repository. Give each instance on one
   * machine its own.
   */
  readonly stateDir: string;
  /** Names this instance in `hub lag` and on the dashboard. `HUB_INSTANCE_ID`; default `<host>-<pid>`. */
  readonly instanceId: string;
  /**
   * The case system's PostgreSQL database (`postgres://…`) whose outbox the hub carries in and whose
   * `hub_kvittering` table it writes receipts to (docs/outbox.md). `HUB_OUTBOX_DATABASE_URL`; unset,
   * the hub runs no outbox bridge.
   */
  readonly outboxDatabaseUrl?: string;
  /**
   * The key set that signs fund notifications (HUB_SIGNING_KEYS_FILE, see notification-signing.ts).
   * Absent, a process signs with a key of its own that dies with it (tests); `hub start` defaults it
   * to `<stack dir>/run/signing-keys.json`, made on first use.
   */
  readonly signingKeysFile?: string;
  /** Days a dead letter (with the original report, CPR number included) is kept for replay. Default 30. */
  readonly deadLetterRetentionDays: number;
  /** Reconciliation tolerances (`HUB_AFSTEMNING_FILE`, docs/reconciliation.md); absent, the documented defaults. */
  readonly afstemning?: Afstemningsregler;
  /**
   * What a `hub start` process runs (HUB_ROLES, or `hub start --roles`, a comma list of HUB_ROLES);
   * absent, all of it. Processes of one prefix with different roles make one hub (docs/operations.md).
   */
  readonly roles?: ReadonlySet<HubRole>;
}

/**
 * The parts of the hub a process can run: `rules` the rules consumer and its person state,
 * `reconciliation` the reconciliation consumer and its ledgers, `delivery` the scheduler, the release
 * worker and HTTPS push, `receipts` the receipt index (receipts → Redis for the web service), `outbox`
 * the § 64 outbox bridge and receipt sink (with HUB_OUTBOX_DATABASE_URL).
 */
export const HUB_ROLES = ['rules', 'reconciliation', 'delivery', 'receipts', 'outbox'] as const;
export type HubRole = (typeof HUB_ROLES)[number];

const ALL_ROLES: ReadonlySet<HubRole> = new Set(HUB_ROLES);

/** What a process runs when no `--roles` names it: HUB_ROLES, else all. */
export const rolesOf = (settings: Pick<HubSettings, 'roles'>): ReadonlySet<HubRole> => settings.roles ?? ALL_ROLES;

/** A comma list of roles (`setting` names where it came from, for the error). */
export const rolesFrom = (raw: string, setting: string): ReadonlySet<HubRole> => {
  const names = raw.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = names.filter((r) => !(HUB_ROLES as readonly string[]).includes(r));
  if (unknown.length > 0 || names.length === 0) {
    throw new HubError('CONFIG_INVALID', `${setting}: ${names.length === 0 ? 'no role named' : `unknown role ${unknown.join(', ')}`}; choose from ${HUB_ROLES.join(', ')} (comma-separated)`);
  }
  return new Set(names as HubRole[]);
};

const DEV_SECRET = 'local-development-only-person-lookup-secret';

const intFrom = (env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new HubError('CONFIG_INVALID', `${name} must be a whole number ≥ ${min}, not "${raw}"`);
  return value;
};

export const loadFunds = (file: string): Fund[] => {
  let parsed: { akasser?: unknown };
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { akasser?: unknown };
  } catch (error) {
    throw new HubError('CONFIG_INVALID', `HUB_FUNDS_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed.akasser)) throw new HubError('CONFIG_INVALID', `HUB_FUNDS_FILE: ${file} has no "akasser" list`);
  return parsed.akasser.map((f: { code?: unknown; navn?: unknown; pushUrl?: unknown }, i: number) => {
    if (typeof f.code !== 'string' || !/^[a-z0-9-]{1,40}$/.test(f.code)) {
      throw new HubError('CONFIG_INVALID', `HUB_FUNDS_FILE: akasser[${i}].code must be lower-case letters, digits or dashes`);
    }
    return { code: f.code, navn: typeof f.navn === 'string' ? f.navn : f.code, ...(typeof f.pushUrl === 'string' ? { pushUrl: f.pushUrl } : {}) };
  });
};

const opsPassword = (value: string): string => {
  if (value.length < 16) throw new HubError('CONFIG_INVALID', 'HUB_OPS_PASSWORD must be at least 16 characters');
  return value;
};

/** Where the services are: named by the environment, or the local stack's (the composition root decides). */
export interface Connections {
  readonly kafkaBrokers: string[];
  readonly kafkaSasl?: KafkaSasl;
  readonly registryUrl: string;
  readonly redisUrl: string;
}

type SaslMechanism = 'scram-sha-256' | 'scram-sha-512' | 'plain';
/** SASL credentials of the hub's own Kafka principal; kafkajs takes this shape as `sasl`. */
export type KafkaSasl = { readonly [M in SaslMechanism]: { readonly mechanism: M; readonly username: string; readonly password: string } }[SaslMechanism];

/** The hub's settings from the environment, with the connections the composition root resolved. */
export const hubSettingsFrom = (env: NodeJS.ProcessEnv, connections: Connections): HubSettings => {
  const prefix = env.HUB_TOPIC_PREFIX ?? 'hub';
  if (!/^[a-zA-Z0-9._-]+$/.test(prefix)) throw new HubError('CONFIG_INVALID', `HUB_TOPIC_PREFIX may hold letters, digits, '.', '_' and '-' only`);
  if (env.HUB_PERSON_KEY_SECRET) {
    throw new HubError('CONFIG_INVALID', 'HUB_PERSON_KEY_SECRET is no longer read: person keys come from the hub\'s key service. Set HUB_LEGACY_PERSON_KEY_SECRET to it for `hub keys migrate`, and HUB_PERSON_LOOKUP_SECRET to a new secret only the hub holds (docs/person-keys.md)');
  }
  return {
    ...connections,
    security: connectionSecurityFrom(env),
    topicPrefix: prefix,
    partitions: intFrom(env, 'HUB_PARTITIONS', 3, 1),
    replicationFactor: intFrom(env, 'HUB_REPLICATION_FACTOR', 1, 1),
    funds: loadFunds(env.HUB_FUNDS_FILE ?? path.join(installRoot(), 'config/akasser.json')),
    personLookupSecret: env.HUB_PERSON_LOOKUP_SECRET || DEV_SECRET,
    ...(env.HUB_LEGACY_PERSON_KEY_SECRET ? { legacyPersonKeySecret: env.HUB_LEGACY_PERSON_KEY_SECRET } : {}),
    stateDir: env.HUB_STATE_DIR || path.join(installRoot(), '.hub-state', prefix),
    instanceId: env.HUB_INSTANCE_ID || `${os.hostname()}-${process.pid}`,
    httpPort: intFrom(env, 'HUB_HTTP_PORT', 8080, 0),
    ops: {
      httpPort: intFrom(env, 'HUB_OPS_HTTP_PORT', 8090, 0),
      username: env.HUB_OPS_USERNAME || 'ops',
      ...(env.HUB_OPS_PASSWORD ? { password: opsPassword(env.HUB_OPS_PASSWORD) } : {}),
    },
    rateLimitPerMinute: intFrom(env, 'HUB_RATE_LIMIT_PER_MINUTE', 600, 1),
    routing: {
      unroutableAlarmAfterMs: intFrom(env, 'HUB_UNROUTABLE_ALARM_MS', 24 * 3_600_000, 0),
      retryDelayMs: intFrom(env, 'HUB_ROUTE_RETRY_MS', 30_000, 1),
      maxRetryDelayMs: intFrom(env, 'HUB_ROUTE_RETRY_MAX_MS', 3_600_000, 1),
    },
    pushAttempts: intFrom(env, 'HUB_PUSH_ATTEMPTS', 8, 1),
    pushRetryDelayMs: intFrom(env, 'HUB_PUSH_RETRY_MS', 1000, 1),
    logLevel: env.HUB_LOG_LEVEL || 'info',
    consumerSessionTimeoutMs: intFrom(env, 'HUB_SESSION_TIMEOUT_MS', 10_000, 6_000),
    connectTimeoutMs: intFrom(env, 'HUB_CONNECT_TIMEOUT_MS', 6_000, 1),
    fundRetentionMs: env.HUB_FUND_RETENTION_MS === '-1' ? -1 : intFrom(env, 'HUB_FUND_RETENTION_MS', 30 * 24 * 3_600_000, 3_600_000),
    requireAgreement: env.HUB_REQUIRE_AGREEMENT !== 'false',
    ...(env.HUB_OUTBOX_DATABASE_URL ? { outboxDatabaseUrl: env.HUB_OUTBOX_DATABASE_URL } : {}),
    deadLetterRetentionDays: intFrom(env, 'HUB_DEAD_LETTER_RETENTION_DAYS', 30, 1),
    ...(env.HUB_SIGNING_KEYS_FILE ? { signingKeysFile: env.HUB_SIGNING_KEYS_FILE } : {}),
    afstemning: loadAfstemningsregler(env.HUB_AFSTEMNING_FILE),
    ...(env.HUB_ROLES ? { roles: rolesFrom(env.HUB_ROLES, 'HUB_ROLES') } : {}),
  };
};

export const usesDevelopmentSecret = (s: HubSettings): boolean => s.personLookupSecret === DEV_SECRET;
