import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { topicNames } from '../../src/config/topics.ts';
import { asyncApiDocument, avroSchemaParser } from '../../src/ops/index.ts';

describe('the subscriber kit\'s AsyncAPI document', () => {
  const settings = hubSettingsFrom({ HUB_REPLICATION_FACTOR: '3', HUB_PARTITIONS: '6' });
  const doc = asyncApiDocument({ settings, topics: topicNames('hub') });

  it('is valid AsyncAPI 3 with Avro payloads (no errors from @asyncapi/parser)', async () => {
    const parser = new Parser({ schemaParsers: [avroSchemaParser()] });
    const { document, diagnostics } = await parser.parse(JSON.stringify(doc));
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const channels = document!.channels().all().map((c) => c.address());
    expect(channels).toEqual(expect.arrayContaining(['hub.akasse.aak', 'hub.akasse.3f', 'hub.kvitteringer', 'hub.alarmer']));
    const payload = document!.messages().all().find((m) => m.name() === 'AkasseNotifikation')!.payload()!;
    expect(Object.keys(payload.properties() ?? {})).toEqual(expect.arrayContaining(['indberetningId', 'cpr', 'rettidighed']));
  });

  it('states every configured fund, the topic configuration and the registry', () => {
    expect(Object.keys(doc.channels).filter((c) => c.startsWith('akasse-'))).toHaveLength(settings.funds.length);
    expect(doc.channels['akasse-aak']).toMatchObject({ bindings: { kafka: { partitions: 6, replicas: 3 } } });
    expect(doc.servers.hub.bindings.kafka.schemaRegistryUrl).toBe(settings.registryUrl);
  });

  it('refuses an invalid Avro payload', async () => {
    const broken = structuredClone(doc) as { components: { messages: { Alarm: { payload: { schema: unknown } } } } };
    broken.components.messages.Alarm.payload.schema = { type: 'record', name: 'X', fields: [{ name: 'f', type: 'no-such-type' }] };
    const { diagnostics } = await new Parser({ schemaParsers: [avroSchemaParser()] }).parse(JSON.stringify(broken));
    // The AsyncAPI 3 meta-schema checks Avro's shape; avsc (our schema parser) checks the rest.
    expect(diagnostics.some((d) => d.severity === DiagnosticSeverity.Error && d.path.join('.').includes('alarm.payload'))).toBe(true);
  });
});

describe('what the AsyncAPI document promises a fund', () => {
  it('says at-least-once, TopicNameStrategy and the fund topic retention; never "delivered twice"', async () => {
    const text = JSON.stringify(asyncApiDocument({ settings: hubSettingsFrom({}), topics: topicNames('hub') }));
    expect(text).not.toMatch(/never delivered twice|TopicIdStrategy/);
    expect(text).toMatch(/at least once/);
    expect(text).toContain('"schemaLookupStrategy":"TopicNameStrategy"');
    expect(text).toContain('"retention.ms":2592000000');
  });
});
