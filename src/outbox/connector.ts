/** Where the case system's database is, as Debezium's PostgreSQL connector needs it. */
export interface CaseDatabase {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/** Connector, replication slot and publication names for one case database. */
export const outboxConnectorName = (topicPrefix: string, database: string): string => `${topicPrefix}-outbox-${database}`;

/**
 * Debezium's PostgreSQL connector, reading only `public.hub_outbox` through `pgoutput`, with the
 * outbox event router: each inserted row becomes one message on `topic`, keyed by `aggregateid`,
 * its value the `payload` JSON as text, the row's `id` in the header `id`. The topic has one
 * partition, so the hub sees rows in the order their transactions committed.
 *
 * `snapshot.mode=no_data`: rows are carried from the moment the slot exists (the connector is
 * registered before the case system starts writing); a snapshot would carry every old row again.
 */
export const outboxConnectorConfig = (db: CaseDatabase, options: { topic: string; slotName: string }): Record<string, string> => ({
  'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
  'tasks.max': '1',
  'plugin.name': 'pgoutput',
  'database.hostname': db.host,
  'database.port': String(db.port),
  'database.user': db.user,
  'database.password': db.password,
  'database.dbname': db.database,
  'topic.prefix': options.slotName,
  'slot.name': options.slotName,
  'publication.name': `${options.slotName}_pub`,
  'publication.autocreate.mode': 'filtered',
  'table.include.list': 'public.hub_outbox',
  'snapshot.mode': 'no_data',
  'tombstones.on.delete': 'false',
  'heartbeat.interval.ms': '10000',
  // Debezium hands Connect a batch every 500 ms by default: the largest share of a row's latency.
  'poll.interval.ms': '50',
  'max.batch.size': '4096',
  'max.queue.size': '16384',
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'transforms': 'outbox',
  'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
  'transforms.outbox.table.field.event.id': 'id',
  'transforms.outbox.table.field.event.key': 'aggregateid',
  'transforms.outbox.table.field.event.payload': 'payload',
  'transforms.outbox.route.by.field': 'aggregatetype',
  'transforms.outbox.route.topic.replacement': options.topic,
  'transforms.outbox.table.expand.json.payload': 'false',
  'transforms.outbox.table.op.invalid.behavior': 'warn',
  'topic.creation.default.replication.factor': '-1',
  'topic.creation.default.partitions': '1',
});
