// The whole pipeline on the real services: publish → rules → fund topics, receipts, dead letters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { readInstances } from '../../src/ops/instances.ts';
import { eventually, personKeyOf, readTopic, testLogger, uniqueName } from '../support/services.ts';

let services: Services;
let hub: RunningHub;

beforeAll(async () => {
  const settings = hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('pipe'), HUB_PARTITIONS: '2' });
  services = await connectServices(settings, testLogger);
  hub = await startHub(services);
});

afterAll(async () => {
  await hub?.stop();
  await services?.close();
});

describe('chapter 11 through the real broker, registry and Redis', () => {
  it('delivers each accepted report to its own fund only, and gives every report exactly one receipt', async () => {
    const { kafka, codec, topics, settings } = services;
    const [p0, p1, p2] = samplePersons(3, ['aak', '3f', 'aak'], 42) as [ReturnType<typeof samplePersons>[0], ReturnType<typeof samplePersons>[0], ReturnType<typeof samplePersons>[0]];
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish([{ cpr: p0.cpr, akasse: 'aak' }, { cpr: p1.cpr, akasse: '3f' }, { cpr: p2.cpr, akasse: 'aak' }]);
    await members.close();

    const now = Date.now();
    const today = copenhagenDate(now);
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    const bad = udeblivelse({ ...p1, kommunekode: '999' }, 'ude-bad', today, now);
    const results = await publisher.publishMany([
      kontaktgruppeStart(p0, 'kg-0', today, now),
      kontaktgruppeStart(p1, 'kg-1', today, now),
      udeblivelse(p0, 'ude-0', today, now),
      udeblivelse(p1, 'ude-1', today, now),
      udeblivelse(p2, 'ude-2', today, now), // p2 has no kontaktgruppe: out of scope (§ 60)
      bad,
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    // Bytes that are no Avro record at all reach the topic only by going around the SDK.
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({ topic: topics.indberetninger, messages: [{ key: 'x', value: Buffer.from('{"not":"avro"}') }] });
    await raw.disconnect();
    await publisher.close();

    const aak = await readTopic(kafka, topics.fund('aak'), (v) => codec.decode<Record<string, unknown>>(v), 1);
    const tref = await readTopic(kafka, topics.fund('3f'), (v) => codec.decode<Record<string, unknown>>(v), 1);
    expect(aak.map((m) => m.value.indberetningId)).toEqual(['ude-0']);
    expect(tref.map((m) => m.value.indberetningId)).toEqual(['ude-1']);
    expect(aak[0]!.value).toMatchObject({ akasse: 'aak', cpr: p0.cpr, rettidighed: 'RETTIDIG', indberetningsart: 'NY', paragraf: '§ 61' });
    // Keyed by the person's random key, never the CPR.
    expect(aak[0]!.key).toBe(await personKeyOf(services, p0.cpr));
    expect(aak[0]!.key).not.toContain(p0.cpr);

    const receipts = await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 6);
    const byId = new Map(receipts.map((r) => [r.value.indberetningId, r.value]));
    expect(receipts).toHaveLength(6);
    expect(byId.get('kg-0')).toMatchObject({ udfald: 'LEVERET', kapitel: 2 });
    expect(byId.get('ude-0')).toMatchObject({ udfald: 'LEVERET', vurdering: 'on-time', modtagere: [topics.fund('aak'), topics.datavarehus, topics.danmarksStatistik(11)] });
    expect(byId.get('ude-1')).toMatchObject({ udfald: 'LEVERET', modtagere: [topics.fund('3f'), topics.datavarehus, topics.danmarksStatistik(11)] });
    expect(byId.get('ude-2')).toMatchObject({ udfald: 'UDEN_FOR_PERSONKREDS', vurdering: 'out-of-scope' });
    expect(byId.get('ude-bad')).toMatchObject({ udfald: 'AFVIST', vurdering: 'rejected' });
    expect(JSON.stringify(byId.get('ude-bad'))).toContain('kommunekode');
    expect(JSON.stringify(receipts)).not.toContain(p0.cpr);

    // Danmarks Statistik gets chapters 2 and 11, minimised: no sending system, no free text.
    const dst11 = await readTopic(kafka, topics.danmarksStatistik(11), (v) => codec.decode<Record<string, unknown>>(v), 2);
    expect(dst11.map((m) => m.value.indberetningId).sort()).toEqual(['ude-0', 'ude-1']);
    for (const m of dst11) {
      expect(m.value).not.toHaveProperty('kildesystem');
      expect(m.value).not.toHaveProperty('kommentar');
    }
    const dst2 = await readTopic(kafka, topics.danmarksStatistik(2), (v) => codec.decode<Record<string, unknown>>(v), 2);
    expect(dst2.map((m) => m.value.indberetningId).sort()).toEqual(['kg-0', 'kg-1']);

    const dead = await readTopic(kafka, topics.doedeBreve, (v) => codec.decode<Record<string, unknown>>(v), 1);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.value).toMatchObject({ kode: 'DECODE_FAILED', kildeTopic: topics.indberetninger });
  });

  it('says which instance owns each inbound partition, with its restored state, for hub lag and the dashboard', async () => {
    const { redis, topics, settings } = services;
    expect(await eventually(async () => (await readInstances(redis, topics.prefix)).some((i) => i.partitions.length === 2), 15_000, 250)).toBe(true);
    const [me] = await readInstances(redis, topics.prefix);
    expect(me!.instance).toBe(settings.instanceId);
    expect(me!.partitions.map((p) => [p.partition, p.phase])).toEqual([[0, 'ready'], [1, 'ready']]);
    // The store of the partition holding p0's reports knows their fund and contact group.
    const [p0] = samplePersons(3, ['aak', '3f', 'aak'], 42);
    expect(hub.person(await personKeyOf(services, p0!.cpr))).toMatchObject({ akasse: 'aak', kontaktgruppe: 1 });
  });
});
