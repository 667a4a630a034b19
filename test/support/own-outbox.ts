// Outbox tests run PostgreSQL and Kafka Connect of their own, on free ports in a temporary folder
// (downloads shared through `.stack/cache`), beside the shared broker: they kill and restart them.
import fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import {
  connectionsOf, connectUrl, ensureDatabase, POSTGRES_USER, postgresUrl, putConnector, stackSettingsFrom, startConnect, startPostgres,
  stopOutboxService, stopOutboxServices, type OutboxServiceName, type StackSettings,
} from '../../infra/index.ts';
import { installCaseSchema, outboxConnectorConfig, outboxConnectorName, outboxNames, provisionOutboxTopics } from '../../src/outbox/index.ts';
import { freePort, ownStackDir } from './own-stack.ts';
import { uniqueName } from './services.ts';

export interface OwnOutbox {
  readonly settings: StackSettings;
  /** HUB_OUTBOX_DATABASE_URL and the topic prefix, for a hub on this outbox. */
  readonly env: Record<string, string>;
  readonly databaseUrl: string;
  readonly connector: string;
  /** SIGKILL (`kill`) or stop, then start again; Connect's connector comes back from its config topic. */
  restart(service: OutboxServiceName, options?: { kill?: boolean }): Promise<number>;
  close(): Promise<void>;
}

export const startOwnOutbox = async (name: string, topicPrefix = uniqueName(name)): Promise<OwnOutbox> => {
  const dir = ownStackDir(name);
  const connectGroup = `${topicPrefix}-connect`;
  const env = { HUB_STACK_DIR: dir, HUB_POSTGRES_PORT: String(await freePort()), HUB_CONNECT_PORT: String(await freePort()), HUB_CONNECT_GROUP: connectGroup };
  const settings = stackSettingsFrom({ ...process.env, ...env, KAFKA_BROKERS: connectionsOf(stackSettingsFrom(process.env)).kafkaBrokers.join(',') });
  const fullEnv = { ...process.env, ...env };
  const database = 'sagssystem';
  const databaseUrl = postgresUrl(settings, database);
  const connector = outboxConnectorName(topicPrefix, database);
  const kafka = new Kafka({ clientId: uniqueName('own-outbox'), brokers: connectionsOf(settings).kafkaBrokers, logLevel: logLevel.NOTHING });
  const close = async () => {
    await stopOutboxServices(settings).catch(() => []);
    const admin = kafka.admin();
    await admin.connect().then(() => admin.deleteTopics({ topics: ['configs', 'offsets', 'status'].map((t) => `${connectGroup}.${t}`) })).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all([startPostgres(settings), startConnect(settings, fullEnv)]);
    await ensureDatabase(settings, database);
    await installCaseSchema(databaseUrl);
    const admin = kafka.admin();
    await admin.connect();
    await provisionOutboxTopics(admin, topicPrefix).finally(() => admin.disconnect());
    await putConnector(connectUrl(settings), connector, outboxConnectorConfig(
      { host: '127.0.0.1', port: settings.outbox.postgresPort, database, user: POSTGRES_USER, password: '' },
      { topic: outboxNames(topicPrefix).topic, slotName: `${topicPrefix}_${database}`.toLowerCase().replace(/[^a-z0-9_]/g, '_') },
    ));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    settings, databaseUrl, connector,
    env: { HUB_OUTBOX_DATABASE_URL: databaseUrl, HUB_TOPIC_PREFIX: topicPrefix },
    async restart(service, options = {}) {
      const begun = Date.now();
      await stopOutboxService(settings, service, options);
      if (service === 'postgres') await startPostgres(settings);
      else await startConnect(settings, fullEnv);
      return Date.now() - begun;
    },
    close,
  };
};
