import { quietAdmin } from '../../src/kafka/client.ts';
import { connectUrl, connectionsOf, ensureDatabase, POSTGRES_USER, postgresUrl, putConnector, startOutboxServices, type StackSettings } from '../index.ts';
import type { HubSettings } from '../../src/config/settings.ts';
import { installCaseSchema, outboxConnectorConfig, outboxConnectorName, outboxNames, provisionOutboxTopics } from '../../src/outbox/index.ts';

/** The sample case system's database on the local PostgreSQL. */
export const SAMPLE_CASE_DATABASE = 'sagssystem';

export interface OutboxUp {
  readonly started: string[];
  readonly databaseUrl: string;
  readonly connector: string;
}

/**
 * `hub stack up --outbox`, after the broker runs: PostgreSQL and Kafka Connect with Debezium, the
 * sample case database with the outbox tables, the outbox topic, and the outbox connector running.
 */
export const outboxStackUp = async (stack: StackSettings, env: NodeJS.ProcessEnv, hub: HubSettings, database = SAMPLE_CASE_DATABASE): Promise<OutboxUp> => {
  const started = await startOutboxServices(stack, env);
  await ensureDatabase(stack, database);
  const databaseUrl = postgresUrl(stack, database);
  await installCaseSchema(databaseUrl);
  const admin = quietAdmin(connectionsOf(stack).kafkaBrokers, 'hub-stack-outbox');
  await admin.connect();
  try {
    await provisionOutboxTopics(admin, hub.topicPrefix, hub.replicationFactor);
  } finally {
    await admin.disconnect();
  }
  const connector = outboxConnectorName(hub.topicPrefix, database);
  const slotName = `${hub.topicPrefix}_outbox_${database}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await putConnector(connectUrl(stack), connector, outboxConnectorConfig(
    { host: '127.0.0.1', port: stack.outbox.postgresPort, database, user: POSTGRES_USER, password: '' },
    { topic: outboxNames(hub.topicPrefix).topic, slotName },
  ));
  return { started, databaseUrl, connector };
};
