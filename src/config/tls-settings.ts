import fs from 'node:fs';
import { HubError } from '../shared/errors.ts';

/** PEM contents (not paths) of a TLS connection's trust and, for mutual TLS, the client's identity. */
export interface TlsFiles {
  /** CA certificate(s) to trust; absent: the system's CAs. */
  readonly ca?: string;
  /** Client certificate and key, for mutual TLS; both or neither. */
  readonly cert?: string;
  readonly key?: string;
}

/** Credentials of the schema registry: HTTP Basic or a bearer token. */
export type RegistryAuth = { readonly username: string; readonly password: string } | { readonly token: string };

/** How the hub reaches Kafka, the registry and Redis over TLS; every field absent means plain TCP/HTTP. */
export interface ConnectionSecurity {
  /** Kafka over TLS (SASL_SSL with KAFKA_SASL_*, or mutual TLS with a client certificate). */
  readonly kafkaTls?: TlsFiles;
  readonly registryAuth?: RegistryAuth;
  /** Trust for an https:// registry whose CA is not the system's. */
  readonly registryCa?: string;
  /** Redis over TLS (a rediss:// URL, or REDIS_TLS_CA_FILE), with an ACL user. */
  readonly redisTls?: Pick<TlsFiles, 'ca'>;
  readonly redisUser?: { readonly username: string; readonly password: string };
}

const readPem = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const file = env[name];
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new HubError('CONFIG_INVALID', `${name}: cannot read ${file}: ${(error as Error).message}`);
  }
};

const pair = (env: NodeJS.ProcessEnv, a: string, b: string): void => {
  if (Boolean(env[a]) !== Boolean(env[b])) throw new HubError('CONFIG_INVALID', `${env[a] ? b : a} is not set: set ${a} and ${b} together, or neither`);
};

/**
 * Reads the TLS and credential settings once (the composition root's job), failing fast on a file
 * that cannot be read. Kafka: KAFKA_TLS=true (system CAs), KAFKA_TLS_CA_FILE, and for mutual TLS
 * KAFKA_TLS_CERT_FILE with KAFKA_TLS_KEY_FILE. Registry: SCHEMA_REGISTRY_USERNAME with
 * SCHEMA_REGISTRY_PASSWORD, or SCHEMA_REGISTRY_TOKEN; SCHEMA_REGISTRY_CA_FILE. Redis: a rediss://
 * REDIS_URL or REDIS_TLS_CA_FILE; REDIS_USERNAME with REDIS_PASSWORD (an ACL user).
 */
export const connectionSecurityFrom = (env: NodeJS.ProcessEnv): ConnectionSecurity => {
  pair(env, 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE');
  pair(env, 'SCHEMA_REGISTRY_USERNAME', 'SCHEMA_REGISTRY_PASSWORD');
  pair(env, 'REDIS_USERNAME', 'REDIS_PASSWORD');
  if (env.SCHEMA_REGISTRY_TOKEN && env.SCHEMA_REGISTRY_USERNAME) throw new HubError('CONFIG_INVALID', 'set SCHEMA_REGISTRY_TOKEN or SCHEMA_REGISTRY_USERNAME/SCHEMA_REGISTRY_PASSWORD, not both');
  if (env.KAFKA_TLS && !['true', 'false'].includes(env.KAFKA_TLS)) throw new HubError('CONFIG_INVALID', `KAFKA_TLS must be true or false, not "${env.KAFKA_TLS}"`);
  const kafkaFiles = { ca: readPem(env, 'KAFKA_TLS_CA_FILE'), cert: readPem(env, 'KAFKA_TLS_CERT_FILE'), key: readPem(env, 'KAFKA_TLS_KEY_FILE') };
  const kafkaTls = env.KAFKA_TLS === 'true' || kafkaFiles.ca || kafkaFiles.cert;
  const redisCa = readPem(env, 'REDIS_TLS_CA_FILE');
  const registryCa = readPem(env, 'SCHEMA_REGISTRY_CA_FILE');
  const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    ...(kafkaTls ? { kafkaTls: defined(kafkaFiles) } : {}),
    ...(env.SCHEMA_REGISTRY_TOKEN ? { registryAuth: { token: env.SCHEMA_REGISTRY_TOKEN } } : {}),
    ...(env.SCHEMA_REGISTRY_USERNAME ? { registryAuth: { username: env.SCHEMA_REGISTRY_USERNAME, password: env.SCHEMA_REGISTRY_PASSWORD! } } : {}),
    ...(registryCa ? { registryCa } : {}),
    ...(redisCa || env.REDIS_URL?.startsWith('rediss://') ? { redisTls: defined({ ca: redisCa }) } : {}),
    ...(env.REDIS_USERNAME ? { redisUser: { username: env.REDIS_USERNAME, password: env.REDIS_PASSWORD! } } : {}),
  };
};
