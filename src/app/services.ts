import { Redis } from 'ioredis';
import type { Kafka } from '../kafka/types.ts';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { HubSettings } from '../config/settings.ts';
import { topicNames, type TopicNames } from '../config/topics.ts';
import { prepareCodec, type HubCodec } from '../shared/codec.ts';
import { HubError } from '../shared/errors.ts';
import { createKafka } from '../kafka/client.ts';
import type { Logger } from '../shared/logger.ts';
import { provisionTopics } from '../kafka/provision.ts';
import { createRegistry } from '../shared/registry.ts';
import { personKeyIndexDir, startPersonKeyService, type PersonKeyService, type PersonKeys } from '../person-keys/index.ts';
import { createNotificationSigner, generateSigningKey, readSigningKeySet, type NotificationSigner } from '../shared/notification-signing.ts';

/** The clients every command shares, connected and with the hub's topics and schemas in place. */
export interface Services {
  readonly settings: HubSettings;
  readonly logger: Logger;
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly codec: HubCodec;
  readonly topics: TopicNames;
  readonly redis: Redis;
  /** Signs fund notifications and push credentials; its public keys are the hub's JWK Set. */
  readonly signer: NotificationSigner;
  /**
   * The key service (src/person-keys/): the person key of each CPR number. It starts on first use
   * (following the mapping topic into this instance's index below HUB_STATE_DIR) and stops with close().
   */
  readonly personKeys: PersonKeys;
  /**
   * Settles when one of this process's Kafka consumers stopped for good (an error kafkajs does not
   * retry): a long-running process should then end, for its supervisor to start it again.
   */
  readonly consumerStopped: Promise<{ readonly groupId: string; readonly error: Error }>;
  close(): Promise<void>;
}

/** How `connectServices` connects. */
export interface ConnectOptions {
  /** The Kafka client id. Default `hub`. */
  readonly clientId?: string;
  /**
   * Only read: create no topic and register no schema (the codec then decodes but cannot encode),
   * and connect to Redis only when a command is sent. Default false.
   */
  readonly readOnly?: boolean;
  /**
   * Give up when Kafka, the registry or Redis cannot be reached within this many ms, with the
   * setting to fix in the error. Default: the settings' `connectTimeoutMs` (6 000).
   */
  readonly connectTimeoutMs?: number;
}

/** Resolves with `work`, or rejects with `failure()` once `ms` have passed. */
const within = async <T>(ms: number, work: Promise<T>, failure: () => HubError): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined); // a late failure after the deadline is not unhandled
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(failure()), ms); })]);
  } finally {
    clearTimeout(timer);
  }
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;

export const connectServices = async (settings: HubSettings, logger: Logger, clientIdOrOptions: string | ConnectOptions = 'hub'): Promise<Services> => {
  const options: ConnectOptions = typeof clientIdOrOptions === 'string' ? { clientId: clientIdOrOptions } : clientIdOrOptions;
  const timeoutMs = options.connectTimeoutMs ?? settings.connectTimeoutMs ?? 6_000;
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const { security } = settings;
  let reportStopped!: (stopped: { groupId: string; error: Error }) => void;
  const consumerStopped = new Promise<{ groupId: string; error: Error }>((resolve) => { reportStopped = resolve; });
  const kafka = createKafka({
    brokers: settings.kafkaBrokers, clientId: options.clientId ?? 'hub', logger, sessionTimeoutMs: settings.consumerSessionTimeoutMs,
    onConsumerStopped: (groupId, error) => {
      logger.fatal({ err: error, groupId }, 'a Kafka consumer stopped for good after an error kafkajs does not retry');
      reportStopped({ groupId, error });
    },
    ...(settings.kafkaSasl ? { sasl: settings.kafkaSasl } : {}),
    ...(security.kafkaTls ? { ssl: security.kafkaTls } : {}),
  });
  const topics = topicNames(settings.topicPrefix);
  const admin = kafka.admin();
  const kafkaFailure = (cause?: unknown) => new HubError('KAFKA_UNAVAILABLE',
    `cannot reach Kafka at ${settings.kafkaBrokers.join(',')} within ${seconds(timeoutMs)}${cause ? ` (${(cause as Error).message})` : ''}: start it (npx hub stack up) or set KAFKA_BROKERS (and HUB_CONNECT_TIMEOUT_MS to wait longer)`,
    cause === undefined ? {} : { cause });
  try {
    await within(left(), admin.connect(), () => kafkaFailure());
    if (!options.readOnly) {
      const created = await provisionTopics(admin, topics, { partitions: settings.partitions, replicationFactor: settings.replicationFactor, fundCodes: settings.funds.map((f) => f.code),
        deadLetterRetentionMs: settings.deadLetterRetentionDays * 24 * 3_600_000,
        ...(settings.fundRetentionMs !== undefined ? { fundRetentionMs: settings.fundRetentionMs } : {}),
      });
      if (created.length > 0) logger.info({ created: created.length }, 'created missing topics');
    }
  } catch (error) {
    await admin.disconnect().catch(() => undefined);
    throw error instanceof HubError ? error : kafkaFailure(error);
  }
  await admin.disconnect();
  const registry = createRegistry(settings.registryUrl, { ...(security.registryAuth ? { auth: security.registryAuth } : {}), ...(security.registryCa ? { ca: security.registryCa } : {}) });
  const registryFailure = (cause?: unknown) => new HubError('REGISTRY_UNAVAILABLE',
    `cannot reach the schema registry at ${settings.registryUrl} within ${seconds(timeoutMs)}${cause ? ` (${(cause as Error).message})` : ''}: start it (npx hub stack up) or set SCHEMA_REGISTRY_URL`,
    cause === undefined ? {} : { cause });
  // Reachability only (any HTTP answer will do); a registry behind a private CA is checked by its first request instead.
  const reachable: Promise<unknown> = security.registryCa ? Promise.resolve() : fetch(`${settings.registryUrl.replace(/\/$/, '')}/subjects`, { signal: AbortSignal.timeout(left()) });
  await within(left(), reachable, () => registryFailure())
    .catch((error: unknown) => { throw error instanceof HubError ? error : registryFailure(error); });
  // Redis is reached before the schemas are registered: registering a new prefix's subjects may
  // take seconds, and the reachability deadline is for reaching the services, not for that.
  // Read-only: connect on the first command, and fail it rather than wait for ever when Redis is away.
  const redis = new Redis(settings.redisUrl, {
    ...(options.readOnly ? { lazyConnect: true, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }),
    ...(security.redisTls ? { tls: { ...security.redisTls } } : {}),
    ...(security.redisUser ? { username: security.redisUser.username, password: security.redisUser.password } : {}),
  });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  if (!options.readOnly) {
    await within(left(), redis.ping(), () => new HubError('KAFKA_UNAVAILABLE', '')).catch(() => {
      redis.disconnect();
      throw new HubError('REDIS_UNAVAILABLE', `cannot reach Redis at ${settings.redisUrl} within ${seconds(timeoutMs)}: start it (npx hub stack up) or set REDIS_URL`);
    });
  }
  const codec = await prepareCodec(registry, topics, settings.funds.map((f) => f.code), { register: !options.readOnly })
    .catch((error: unknown) => { redis.disconnect(); throw error; });
  const signer = await createNotificationSigner(settings.signingKeysFile
    ? readSigningKeySet(settings.signingKeysFile)
    : await (async () => { const key = await generateSigningKey(Date.now()); return { active: key.kid!, keys: [key] }; })());
  let keyService: Promise<PersonKeyService> | undefined;
  const personKeys: PersonKeys = {
    async keysFor(cprs) {
      if (cprs.length === 0) return [];
      keyService ??= startPersonKeyService({ kafka, logger, topic: topics.personnoegler, lookupSecret: settings.personLookupSecret, indexDir: personKeyIndexDir(settings.stateDir) })
        .catch((error: unknown) => { keyService = undefined; throw error; });
      return (await keyService).keysFor(cprs);
    },
  };
  return {
    settings, logger, kafka, registry, codec, topics, redis, signer, personKeys, consumerStopped,
    async close() {
      await keyService?.then((s) => s.close(), () => undefined);
      await signer.close();
      redis.disconnect();
    },
  };
};
