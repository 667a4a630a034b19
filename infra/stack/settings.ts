import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubError } from '../../src/shared/errors.ts';

type SaslMechanism = 'scram-sha-256' | 'scram-sha-512' | 'plain';

/** SASL credentials of the hub's own Kafka principal; kafkajs takes this shape as `sasl`. */
export type KafkaSasl = { readonly [M in SaslMechanism]: { readonly mechanism: M; readonly username: string; readonly password: string } }[SaslMechanism];

/** Where and how the embedded local stack runs. Built once by the composition root from the environment. */
export interface StackSettings {
  /** Repository root; `.stack/` below it holds downloads (`cache/`) and running state (`run/`). */
  readonly rootDir: string;
  /** Folder for downloads and service data. Default `<root>/.stack`. */
  readonly stackDir: string;
  /** `sasl`: the credentials for an external (KAFKA_BROKERS) secured broker; the local plain broker takes none. */
  readonly kafka: { readonly version: string; readonly port: number; readonly controllerPort: number; readonly heapMb: number; readonly external?: string; readonly sasl?: KafkaSasl };
  /**
   * `hub stack up --secure`: the secured broker (SASL_SSL with SCRAM-SHA-256 on `port`, mutual TLS on
   * `mtlsPort`, ACLs; defaults 9096, 9097 controller, 9098), Redis over TLS with an ACL user
   * (`redisPort`, 6380) and the registry over HTTPS with Basic credentials (`registryPort`, 8443).
   */
  readonly secureKafka: { readonly port: number; readonly controllerPort: number; readonly mtlsPort: number; readonly redisPort: number; readonly registryPort: number };
  readonly registry: { readonly version: string; readonly port: number; readonly managementPort: number; readonly heapMb: number; readonly external?: string };
  readonly redis: { readonly port: number; readonly external?: string };
  /**
   * The outbox side of `hub stack up --outbox`: a local PostgreSQL (the case system's database,
   * `wal_level=logical`; default port 5433, beside a system PostgreSQL on 5432) and a Kafka Connect
   * worker (REST port default 8083) with Debezium's PostgreSQL connector. `connectGroup` names the
   * worker's group and its config, offset and status topics on the stack's broker. `connectVersion`
   * is the Kafka version of the worker: Debezium 3.6.1 is built against Kafka 4.3 and calls
   * `org.apache.kafka.common.utils.Sanitizer`, which Kafka 4.4 moved, so the worker runs 4.3.1 (a
   * 4.3 client speaks to the 4.4 broker like any other).
   */
  readonly outbox: {
    readonly connectVersion: string;
    readonly postgresPort: number;
    readonly connectPort: number;
    readonly connectHeapMb: number;
    readonly connectGroup: string;
    readonly debeziumVersion: string;
  };
}

export const repoRoot = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a port number from 1 to 65535, not "${raw}"`);
  }
  return value;
};

const SASL_MECHANISMS: readonly SaslMechanism[] = ['scram-sha-256', 'scram-sha-512', 'plain'];

/**
 * KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: all three or none. They
 * belong to KAFKA_BROKERS (someone else's, or the secured local broker): the plain local broker
 * speaks no SASL.
 */
const kafkaSaslFrom = (env: NodeJS.ProcessEnv): KafkaSasl | undefined => {
  const names = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const;
  const missing = names.filter((n) => !env[n]);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) throw new HubError('CONFIG_INVALID', `${missing[0]} is not set: set KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD together, or none of them`);
  const mechanism = env.KAFKA_SASL_MECHANISM!.toLowerCase();
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new HubError('CONFIG_INVALID', `KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}, not "${env.KAFKA_SASL_MECHANISM}"`);
  }
  if (!env.KAFKA_BROKERS) throw new HubError('CONFIG_INVALID', 'KAFKA_SASL_MECHANISM needs KAFKA_BROKERS: the plain local broker takes no SASL (the secured one of `hub stack up --secure` listens on 127.0.0.1:9096)');
  return { mechanism: mechanism as SaslMechanism, username: env.KAFKA_SASL_USERNAME!, password: env.KAFKA_SASL_PASSWORD! };
};

/**
 * Reads the stack's settings. When KAFKA_BROKERS, SCHEMA_REGISTRY_URL or REDIS_URL is set, that
 * service is someone else's (for example a production cluster) and the local one is not started.
 */
export const stackSettingsFrom = (env: NodeJS.ProcessEnv): StackSettings => {
  const rootDir = repoRoot();
  const sasl = kafkaSaslFrom(env);
  return {
    rootDir,
    stackDir: env.HUB_STACK_DIR ?? path.join(rootDir, '.stack'),
    kafka: {
      version: env.HUB_KAFKA_VERSION ?? '4.4.0',
      port: port(env, 'HUB_KAFKA_PORT', 9092),
      controllerPort: port(env, 'HUB_KAFKA_CONTROLLER_PORT', 9093),
      heapMb: port(env, 'HUB_KAFKA_HEAP_MB', 768),
      external: env.KAFKA_BROKERS || undefined,
      ...(sasl ? { sasl } : {}),
    },
    secureKafka: {
      port: port(env, 'HUB_SECURE_KAFKA_PORT', 9096),
      controllerPort: port(env, 'HUB_SECURE_KAFKA_CONTROLLER_PORT', 9097),
      mtlsPort: port(env, 'HUB_SECURE_KAFKA_MTLS_PORT', 9098),
      redisPort: port(env, 'HUB_SECURE_REDIS_PORT', 6380),
      registryPort: port(env, 'HUB_SECURE_REGISTRY_PORT', 8443),
    },
    registry: {
      version: env.HUB_REGISTRY_VERSION ?? '3.3.3',
      port: port(env, 'HUB_REGISTRY_PORT', 8081),
      managementPort: port(env, 'HUB_REGISTRY_MANAGEMENT_PORT', 8082),
      heapMb: port(env, 'HUB_REGISTRY_HEAP_MB', 384),
      external: env.SCHEMA_REGISTRY_URL || undefined,
    },
    redis: {
      port: port(env, 'HUB_REDIS_PORT', 6379),
      external: env.REDIS_URL || undefined,
    },
    outbox: {
      postgresPort: port(env, 'HUB_POSTGRES_PORT', 5433),
      connectVersion: env.HUB_CONNECT_KAFKA_VERSION ?? '4.3.1',
      connectPort: port(env, 'HUB_CONNECT_PORT', 8083),
      connectHeapMb: port(env, 'HUB_CONNECT_HEAP_MB', 384),
      connectGroup: env.HUB_CONNECT_GROUP || 'hub-connect',
      debeziumVersion: '3.6.1.Final',
    },
  };
};

/** The addresses clients use: the external ones when set, else the local stack's. */
export const connectionsOf = (s: StackSettings) => ({
  kafkaBrokers: (s.kafka.external ?? `127.0.0.1:${s.kafka.port}`).split(',').map((b) => b.trim()),
  ...(s.kafka.sasl ? { kafkaSasl: s.kafka.sasl } : {}),
  registryUrl: s.registry.external ?? `http://127.0.0.1:${s.registry.port}/apis/ccompat/v7`,
  redisUrl: s.redis.external ?? `redis://127.0.0.1:${s.redis.port}`,
});
