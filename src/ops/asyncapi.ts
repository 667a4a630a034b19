import avro from 'avsc';
import type { HubSettings } from '../config/settings.ts';
import type { TopicNames } from '../config/topics.ts';
import { HEADERS } from '../config/headers.ts';
import { FUND_RETENTION_MS, hubTopics } from '../kafka/provision.ts';
import { loadSchema, valueSubject, type AvroSchema } from '../shared/registry.ts';

/** The Avro schema format id AsyncAPI uses for a message payload. */
export const AVRO_SCHEMA_FORMAT = 'application/vnd.apache.avro;version=1.9.0';

const PERSON_KEY = {
  type: 'string',
  description: 'The person key: a random key the hub gives each person (pn and 26 base32 letters), which only the hub can tie to a CPR number. Never the CPR itself. All messages about one person share it, so they keep their order on one partition. Notifications sent before the hub moved to random keys carry the keyed hash of the CPR number (32 hex characters) instead.',
  pattern: '^(pn[a-z2-7]{26}|[0-9a-f]{32})$',
};

/** Kafka topic configuration as the Kafka bindings (0.5.0) describe it, taken from the hub's own provisioning. */
const topicBinding = (topic: string, settings: Pick<HubSettings, 'partitions' | 'replicationFactor' | 'fundRetentionMs'>, topics: TopicNames, fundCodes: readonly string[]) => {
  const config = hubTopics(topics, {
    partitions: settings.partitions, replicationFactor: settings.replicationFactor, fundCodes,
    ...(settings.fundRetentionMs !== undefined ? { fundRetentionMs: settings.fundRetentionMs } : {}),
  }).find((t) => t.topic === topic);
  const entries = new Map((config?.configEntries ?? []).map((e) => [e.name, e.value]));
  const topicConfiguration: Record<string, unknown> = { 'cleanup.policy': [entries.get('cleanup.policy') ?? 'delete'] };
  if (entries.has('retention.ms')) topicConfiguration['retention.ms'] = Number(entries.get('retention.ms'));
  return { kafka: { topic, partitions: settings.partitions, replicas: settings.replicationFactor, topicConfiguration, bindingVersion: '0.5.0' } };
};

const avroMessage = (name: string, title: string, summary: string, schema: AvroSchema, headers: Record<string, { type: string; description: string }>, key: object) => ({
  name,
  title,
  summary,
  contentType: 'application/octet-stream',
  headers: { type: 'object', properties: headers },
  payload: { schemaFormat: AVRO_SCHEMA_FORMAT, schema },
  bindings: {
    kafka: {
      key,
      // Confluent wire format: magic byte 0, a 4-byte schema id, then the Avro binary.
      schemaIdLocation: 'payload',
      schemaIdPayloadEncoding: 'confluent',
      // The schema id is in each value; the subject it is registered under is `<topic>-value`.
      schemaLookupStrategy: 'TopicNameStrategy',
      bindingVersion: '0.5.0',
    },
  },
});

/**
 * The subscriber kit's machine-readable half: an AsyncAPI 3.0 document of what a fund (and a
 * reporting system) can read from the hub, built from the Avro schemas and the topic
 * configuration the hub provisions. `serverHost` is the bootstrap address funds connect to.
 */
export const asyncApiDocument = (input: {
  settings: Pick<HubSettings, 'partitions' | 'replicationFactor' | 'funds' | 'registryUrl' | 'kafkaBrokers' | 'fundRetentionMs'>;
  topics: TopicNames;
  version?: string;
}) => {
  const { settings, topics } = input;
  const fundCodes = settings.funds.map((f) => f.code);
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const fund of settings.funds) {
    const id = `akasse-${fund.code}`;
    const topic = topics.fund(fund.code);
    channels[id] = {
      address: topic,
      title: `${fund.navn}: chapter 11 notifications`,
      description: `Notifications for members of ${fund.navn} (BEK 1380/2010 § 66 stk. 2). Value schema subject \`${valueSubject(topic)}\`. Written in Kafka transactions: read with isolation.level=read_committed. Records are kept ${settings.fundRetentionMs === -1 ? 'for ever' : `${Math.round((settings.fundRetentionMs ?? FUND_RETENTION_MS) / 86_400_000)} days`} (retention.ms).`,
      messages: { notifikation: { $ref: '#/components/messages/AkasseNotifikation' } },
      bindings: topicBinding(topic, settings, topics, fundCodes),
    };
    operations[`receive-${fund.code}`] = {
      action: 'receive',
      title: `${fund.navn} reads its notifications`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/notifikation` }],
      bindings: { kafka: { groupId: { type: 'string', description: 'The fund chooses its own consumer group; its lag is watched by the hub.' }, bindingVersion: '0.5.0' } },
    };
  }
  channels.kvitteringer = {
    address: topics.kvitteringer,
    title: 'Receipts',
    description: `One receipt per processing of a report, keyed by the report id; for the reporting systems. Subject \`${valueSubject(topics.kvitteringer)}\`.`,
    messages: { kvittering: { $ref: '#/components/messages/Kvittering' } },
    bindings: topicBinding(topics.kvitteringer, settings, topics, fundCodes),
  };
  operations['receive-kvitteringer'] = { action: 'receive', channel: { $ref: '#/channels/kvitteringer' }, messages: [{ $ref: '#/channels/kvitteringer/messages/kvittering' }] };
  channels.alarmer = {
    address: topics.alarmer,
    title: 'Alarms',
    description: `Missing-report and unroutable-report alarms, keyed by kommunekode. Subject \`${valueSubject(topics.alarmer)}\`.`,
    messages: { alarm: { $ref: '#/components/messages/Alarm' } },
    bindings: topicBinding(topics.alarmer, settings, topics, fundCodes),
  };
  operations['receive-alarmer'] = { action: 'receive', channel: { $ref: '#/channels/alarmer' }, messages: [{ $ref: '#/channels/alarmer/messages/alarm' }] };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Employment-data hub: subscriber interface',
      version: input.version ?? '1.0.0',
      description: 'What the hub publishes for unemployment funds (a-kasser) and reporting systems under BEK nr. 1380 af 10/12/2010. Values are Avro in the Confluent wire format, resolved through the schema registry; every schema evolves FULL_TRANSITIVE (a reader of any version reads records of every other), and enums carry a default (UKENDT) that a reader resolving against its own older schema gets for a symbol added later. Delivery is at least once: handle each notification idempotently by notifikationId. A fund topic keeps its records for retention.ms (its binding). See docs/subscriber-guide.md and docs/chapters/kapitel-11.md.',
    },
    defaultContentType: 'application/octet-stream',
    servers: {
      hub: {
        host: settings.kafkaBrokers.join(','),
        protocol: 'kafka',
        description: 'The hub\'s Kafka cluster. Schema registry (Confluent API): ' + settings.registryUrl,
        bindings: { kafka: { schemaRegistryUrl: settings.registryUrl, schemaRegistryVendor: 'confluent', bindingVersion: '0.5.0' } },
      },
    },
    channels,
    operations,
    components: {
      messages: {
        AkasseNotifikation: avroMessage('AkasseNotifikation', 'Notification to a fund', 'A chapter 11 event about one of the fund\'s members.', loadSchema('akasse-notifikation'),
          {
            [HEADERS.indberetningId]: { type: 'string', description: 'The report id (also in the value). Delivery is at least once: after a failure on either side the same notification can be read again, so handle it idempotently by notifikationId.' },
            [HEADERS.signatur]: { type: 'string', description: 'The hub\'s signature over the value bytes: a compact JWS (EdDSA, Ed25519) with a detached payload; verify against the JWK Set at /.well-known/jwks.json of the hub\'s web service (docs/subscriber-guide.md).' },
          }, PERSON_KEY),
        Kvittering: avroMessage('Kvittering', 'Receipt', 'The verdict and outcome of one processing of a report. Never carries the CPR.', loadSchema('kvittering'),
          { [HEADERS.kildesystem]: { type: 'string', description: 'The reporting system the receipt is for.' } }, { type: 'string', description: 'The report id (indberetningId).' }),
        Alarm: avroMessage('Alarm', 'Alarm', 'A missing report or a report that could not be routed in time.', loadSchema('alarm'), {}, { type: 'string', description: 'The kommunekode of the reporting jobcentre.' }),
      },
    },
  };
};

type JsonSchema = Record<string, unknown>;

/**
 * Avro to JSON Schema, enough for the AsyncAPI parser to model payloads (named types are inlined
 * where they are used again). Pure.
 */
export const avroToJsonSchema = (schema: unknown, named = new Map<string, JsonSchema>(), namespace?: string): JsonSchema => {
  if (typeof schema === 'string') {
    const primitive: Record<string, JsonSchema> = {
      null: { type: 'null' }, boolean: { type: 'boolean' }, int: { type: 'integer', format: 'int32' }, long: { type: 'integer', format: 'int64' },
      float: { type: 'number', format: 'float' }, double: { type: 'number', format: 'double' }, bytes: { type: 'string', format: 'binary' }, string: { type: 'string' },
    };
    return primitive[schema] ?? named.get(schema) ?? named.get(`${namespace}.${schema}`) ?? {};
  }
  if (Array.isArray(schema)) return { oneOf: schema.map((s) => avroToJsonSchema(s, named, namespace)) };
  const s = schema as { type: unknown; name?: string; namespace?: string; doc?: string; fields?: Array<{ name: string; type: unknown; doc?: string; default?: unknown }>; symbols?: string[]; items?: unknown; values?: unknown };
  const ns = s.namespace ?? namespace;
  const doc = s.doc ? { description: s.doc } : {};
  const remember = (out: JsonSchema) => { if (s.name) { named.set(s.name, out); named.set(`${ns}.${s.name}`, out); } return out; };
  switch (s.type) {
    case 'record': {
      const out: JsonSchema = { type: 'object', title: s.name, ...doc, properties: {}, required: [] };
      remember(out);
      for (const f of s.fields ?? []) {
        (out.properties as Record<string, JsonSchema>)[f.name] = { ...avroToJsonSchema(f.type, named, ns), ...(f.doc ? { description: f.doc } : {}), ...('default' in f ? { default: f.default } : {}) };
        if (!('default' in f)) (out.required as string[]).push(f.name);
      }
      return out;
    }
    case 'enum': return remember({ type: 'string', title: s.name, ...doc, enum: s.symbols ?? [] });
    case 'array': return { type: 'array', items: avroToJsonSchema(s.items, named, ns) };
    case 'map': return { type: 'object', additionalProperties: avroToJsonSchema(s.values, named, ns) };
    case 'fixed': return remember({ type: 'string', title: s.name });
    default: return avroToJsonSchema(s.type, named, ns);
  }
};

/**
 * A schema parser for @asyncapi/parser that validates Avro payloads with avsc (the parser ships
 * none). Register it: `new Parser({ schemaParsers: [avroSchemaParser()] })`.
 */
export const avroSchemaParser = () => ({
  validate: (input: { data: unknown; path: Array<string | number> }) => {
    try {
      avro.Type.forSchema(input.data as avro.Schema);
      return [];
    } catch (error) {
      return [{ message: `invalid Avro schema: ${(error as Error).message}`, path: input.path }];
    }
  },
  parse: (input: { data: unknown }) => avroToJsonSchema(input.data),
  getMimeTypes: () => [AVRO_SCHEMA_FORMAT, 'application/vnd.apache.avro+json;version=1.9.0', 'application/vnd.apache.avro+yaml;version=1.9.0'],
});
