import { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { HubSettings } from '../config/settings.ts';
import { topicNames, type TopicNames } from '../config/topics.ts';
import { prepareCodec, type HubCodec } from '../shared/codec.ts';
import { createKafka } from '../shared/kafka.ts';
import type { Logger } from '../shared/logger.ts';
import { provisionTopics } from '../shared/provision.ts';
import { createRegistry } from '../shared/registry.ts';
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
  close(): Promise<void>;
}

export const connectServices = async (settings: HubSettings, logger: Logger, clientId = 'hub'): Promise<Services> => {
  const { security } = settings;
  const kafka = createKafka({
    brokers: settings.kafkaBrokers, clientId, logger,
    ...(settings.kafkaSasl ? { sasl: settings.kafkaSasl } : {}),
    ...(security.kafkaTls ? { ssl: security.kafkaTls } : {}),
  });
  const topics = topicNames(settings.topicPrefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await provisionTopics(admin, topics, { partitions: settings.partitions, replicationFactor: settings.replicationFactor, fundCodes: settings.funds.map((f) => f.code), deadLetterRetentionMs: settings.deadLetterRetentionDays * 24 * 3_600_000 });
    if (created.length > 0) logger.info({ created: created.length }, 'created missing topics');
  } finally {
    await admin.disconnect();
  }
  const registry = createRegistry(settings.registryUrl, { ...(security.registryAuth ? { auth: security.registryAuth } : {}), ...(security.registryCa ? { ca: security.registryCa } : {}) });
  const codec = await prepareCodec(registry, topics, settings.funds.map((f) => f.code));
  const signer = await createNotificationSigner(settings.signingKeysFile
    ? readSigningKeySet(settings.signingKeysFile)
    : await (async () => { const key = await generateSigningKey(Date.now()); return { active: key.kid!, keys: [key] }; })());
  const redis = new Redis(settings.redisUrl, {
    maxRetriesPerRequest: null,
    ...(security.redisTls ? { tls: { ...security.redisTls } } : {}),
    ...(security.redisUser ? { username: security.redisUser.username, password: security.redisUser.password } : {}),
  });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  return {
    settings, logger, kafka, registry, codec, topics, redis, signer,
    async close() {
      redis.disconnect();
    },
  };
};
