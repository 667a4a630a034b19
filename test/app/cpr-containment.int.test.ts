// Issue 13, point 8: a run that sends CPR numbers where identifiers belong, through the web service,
// the SDK and straight onto Kafka, and then looks for those numbers in every topic name, record key
// and header, the values of topics that carry no personal data, every Redis key and every log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse, type SamplePerson } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { eventually, personKeyOf, uniqueName } from '../support/services.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

const logLines: string[] = [];
const logger = createLogger({ level: 'debug', name: 'hub', destination: { write: (line: string) => { logLines.push(line); } } });
const persons = samplePersons(3, ['aak'], 913) as [SamplePerson, SamplePerson, SamplePerson];
const spellings = persons.flatMap((p) => [p.cpr, `${p.cpr.slice(0, 6)}-${p.cpr.slice(6)}`]);
const holdsCpr = (text: string): boolean => spellings.some((s) => text.includes(s));
let ws: WebServiceFixture;
let apiKey: string;

beforeAll(async () => {
  ws = await startWebService({ withHub: true, logger });
  apiKey = (await ws.access.agreements.add({ id: 'sag-cpr', navn: 'Sagssystem', kommunekoder: ['*'], kapitler: [2, 11], miljoe: 'test' }, 'test')).apiKey;
  const { kafka, codec, topics, settings } = ws.services;
  const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: ws.services.personKeys });
  await members.publish(persons.map((p) => ({ cpr: p.cpr, akasse: 'aak' })));
  await members.close();
});

afterAll(async () => { await ws?.close(); });

describe('CPR numbers stay in the cpr field', () => {
  it('refuses them as identifiers on every path and leaves none in a topic name, key, header, Redis key or log', async () => {
    const { kafka, codec, topics, settings, redis } = ws.services;
    const now = Date.now();
    const today = copenhagenDate(now);
    const [p0, p1, p2] = persons;
    const asSender = (s: { kapitel: number; report: Record<string, unknown> }) => ({ kapitel: s.kapitel, report: { ...s.report, kildesystem: 'sag-cpr' } });

    // Web service: the report's id is the person's CPR number.
    const http = await ws.app.inject({
      method: 'POST', url: '/api/v1/indberetninger', headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      payload: JSON.stringify(asSender(udeblivelse(p0, p0.cpr, today, now))),
    });
    expect(http.statusCode).toBe(400);
    expect(http.json()).toMatchObject({ error: { code: 'REPORT_INVALID', reasons: [{ code: 'cpr-in-identifier', field: 'indberetningId' }] } });
    expect(http.headers.location).toBeUndefined();
    expect(holdsCpr(http.body)).toBe(false);

    // SDK: refused before sending, the id handed back masked; good reports go through.
    const sdk = await createReportPublisher({ kafka, codec, topics, personKeys: ws.services.personKeys });
    const refused = await sdk.publish(asSender(kontaktgruppeStart(p1, `${p1.cpr.slice(0, 6)}-${p1.cpr.slice(6)}`, today, now)));
    expect(refused).toMatchObject({ ok: false, indberetningId: '[CPR]', reasons: [{ code: 'cpr-in-identifier' }] });
    const good = await sdk.publishMany([asSender(kontaktgruppeStart(p0, uniqueName('kg'), today, now)), asSender(udeblivelse(p0, uniqueName('ude'), today, now))]);
    expect(good.every((r) => r.ok)).toBe(true);
    await sdk.close();

    // Straight onto Kafka, around the SDK: id and correction reference carry the CPR number.
    const raw = kafka.producer({ idempotent: true });
    await raw.connect();
    const bypass = asSender(udeblivelse(p2, `rap-${p2.cpr}`, today, now));
    const report = { ...bypass.report, rettelseAf: p2.cpr };
    await raw.send({ topic: topics.indberetninger, acks: -1, messages: [
      { key: await personKeyOf(ws.services, p2.cpr), value: await codec.encodeInbound(11, report), headers: { [HEADERS.kildesystem]: 'sag-cpr' } },
      { key: await personKeyOf(ws.services, p2.cpr), value: Buffer.from(`{"not avro":"${p2.cpr}"}`) }, // a dead letter
    ] });
    await raw.disconnect();

    const receipts = `${settings.topicPrefix}:kvittering:*`;
    expect(await eventually(async () => (await redis.keys(receipts)).length >= 3, 30_000, 200)).toBe(true);

    // Every topic of the run: names, keys and headers; values of the topics that carry no CPR field.
    const admin = kafka.admin();
    await admin.connect();
    const runTopics = (await admin.listTopics()).filter((t) => t.startsWith(`${settings.topicPrefix}.`));
    await admin.disconnect();
    expect(runTopics.length).toBeGreaterThan(10);
    const withoutPersonalData = new Set([topics.kvitteringer, topics.alarmer, topics.personstatus, topics.audit, topics.afvigelser, topics.afstemning]);
    const seen: Array<{ topic: string; key: string; headers: string; value: string }> = [];
    const consumer = kafka.consumer({ groupId: uniqueName(`${settings.topicPrefix}.scan`) });
    await consumer.connect();
    await consumer.subscribe({ topics: runTopics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const value = withoutPersonalData.has(topic) && message.value ? JSON.stringify(await codec.decode(message.value)) : '';
        seen.push({ topic, key: message.key?.toString() ?? '', headers: JSON.stringify(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])), value });
      },
    });
    let count = -1;
    await eventually(async () => { const settled = seen.length > 0 && seen.length === count; count = seen.length; return settled; }, 20_000, 1500);
    await consumer.disconnect();

    expect(runTopics.filter(holdsCpr)).toEqual([]);
    expect(seen.filter((m) => holdsCpr(m.key) || holdsCpr(m.headers)).map((m) => `${m.topic} ${m.key} ${m.headers}`)).toEqual([]);
    expect(seen.filter((m) => holdsCpr(m.value)).map((m) => m.topic)).toEqual([]);
    // The bypassing report was judged, refused for the mark, and its receipt keyed without the number.
    const receipt = seen.find((m) => m.topic === topics.kvitteringer && m.key === 'rap-[CPR]');
    expect(receipt?.value).toContain('cpr-in-identifier');
    expect(seen.some((m) => m.topic === topics.doedeBreve)).toBe(true);

    const redisKeys: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      redisKeys.push(...keys);
    } while (cursor !== '0');
    expect(redisKeys.filter(holdsCpr)).toEqual([]);

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter(holdsCpr)).toEqual([]);
  });
});
