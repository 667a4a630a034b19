// The codec writes a topic's records itself once the registry client has given it the topic's
// schema: the bytes must be the registry client's, for every shape of value, and a value the schema
// refuses is refused as the client refuses it (naming the fields).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { withNullDefaults } from '../../src/producers/validate.ts';
import { prepareCodec } from '../../src/shared/codec.ts';
import { kontaktgruppeStart, samplePersons, tilbudStart, udeblivelse } from '../../src/producers/samples.ts';
import { testLogger, uniqueName } from '../support/services.ts';

let services: Services;

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('codec-encode') }), testLogger);
});

afterAll(async () => { await services?.close(); });

describe('codec.encode', () => {
  it('writes the registry client\'s bytes, also for a record larger than its buffer', async () => {
    const { codec, topics } = services;
    const persons = samplePersons(20, ['aak', '3f'], 5);
    const now = Date.parse('2026-12-01T10:00:00Z');
    const submissions = persons.flatMap((p, i) => [
      kontaktgruppeStart(p, `kg-${i}`, '2026-12-01', now),
      udeblivelse(p, `ude-${i}`, '2026-12-01', now),
      tilbudStart(p, `t-${i}`, '2026-12-01', '2026-12-07', 4, now, '12345674'),
    ]);
    const long = udeblivelse(persons[0]!, 'long', '2026-12-01', now);
    submissions.push({ ...long, report: { ...long.report, kommentar: 'å'.repeat(70_000) } });
    for (const s of submissions) {
      const value = { kapitel: s.kapitel, data: codec.wrapReport(s.kapitel, withNullDefaults(s.kapitel, s.report)) };
      const first = await codec.encode(topics.indberetninger, value);
      const again = await codec.encode(topics.indberetninger, value);
      expect(again.equals(first)).toBe(true);
      expect(again.equals(await codec.encodeInbound(s.kapitel, withNullDefaults(s.kapitel, s.report)))).toBe(true);
      expect(await codec.decodeInbound(again)).toMatchObject({ kapitel: s.kapitel });
    }
  });

  it('refuses a value its schema does not accept, naming the field, after the topic\'s schema is known', async () => {
    const { codec, topics } = services;
    const s = udeblivelse(samplePersons(1, ['aak'], 6)[0]!, 'bad', '2026-12-01', Date.now());
    const value = { kapitel: s.kapitel, data: codec.wrapReport(s.kapitel, withNullDefaults(s.kapitel, s.report)) };
    await codec.encode(topics.indberetninger, value);
    const bad = { kapitel: s.kapitel, data: codec.wrapReport(s.kapitel, { ...withNullDefaults(s.kapitel, s.report), haendelsestype: 42 }) };
    const error = await codec.encode(topics.indberetninger, bad).catch((e: unknown) => e as { name: string; paths: string[][] });
    expect(error).toMatchObject({ name: 'ConfluentSchemaRegistryValidationError' });
    expect(JSON.stringify((error as { paths: string[][] }).paths)).toContain('haendelsestype');
  });

  it('decodes without a promise once a record of the schema was decoded, as the registry client decodes', async () => {
    const { codec, topics } = services;
    const value = { cpr: '0101011234', akasse: 'aak', fleksjob: true, opdateret: new Date('2026-12-01T10:00:00Z').toISOString() };
    const bytes = await codec.encode(topics.medlemskab, value);
    // A fresh codec has met no schema id yet: the first record goes through the registry client.
    const fresh = await prepareCodec(services.codec.registry, topics, [], { register: false });
    expect(fresh.decodeKnown(bytes)).toBeUndefined();
    const decoded = await fresh.decode(bytes);
    expect(fresh.decodeKnown(bytes)).toEqual(decoded);
    expect(decoded).toMatchObject({ cpr: '0101011234', akasse: 'aak', fleksjob: true });
    // Bytes that are not a framed record are not known; a known frame with a broken body fails as decode does.
    expect(fresh.decodeKnown(Buffer.from('not avro'))).toBeUndefined();
    const broken = Buffer.concat([bytes.subarray(0, 5), Buffer.from([0x80])]);
    expect(() => fresh.decodeKnown(broken)).toThrow(expect.objectContaining({ code: 'DECODE_FAILED' }));
    await expect(fresh.decode(broken)).rejects.toMatchObject({ code: 'DECODE_FAILED' });
  });
});
