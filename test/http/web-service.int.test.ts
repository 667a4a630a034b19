// The web service on the real Kafka, registry and Redis: same path and verdict as the SDK,
// agreements (§ 1) on HTTP and Kafka, suspension (§ 3) within a second, receipts per system.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse, type SamplePerson } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { eventually, readTopic, uniqueName } from '../support/services.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

let ws: WebServiceFixture;
let keyA: string;
let keyB: string;
const persons = samplePersons(3, ['aak'], 77) as [SamplePerson, SamplePerson, SamplePerson];

const post = (url: string, key: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  ws.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}), ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
const receipt = (id: string, key: string) => ws.app.inject({ method: 'GET', url: `/api/v1/indberetninger/${id}/kvittering`, headers: { 'x-api-key': key } });
const receiptOf = async (id: string, key: string) => {
  let body: Record<string, unknown> | undefined;
  await eventually(async () => { const r = await receipt(id, key); if (r.statusCode === 200) body = r.json(); return body !== undefined; }, 30_000, 200);
  return body;
};
const asSystem = (s: { kapitel: number; report: Record<string, unknown> }, kildesystem: string, id: string) => ({ kapitel: s.kapitel, report: { ...s.report, kildesystem, indberetningId: id } });

beforeAll(async () => {
  ws = await startWebService({ withHub: true });
  keyA = (await ws.access.agreements.add({ id: 'sag-a', navn: 'Sagssystem A', kommunekoder: ['101', '147'], kapitler: [2, 11], miljoe: 'test' }, 'test')).apiKey;
  keyB = (await ws.access.agreements.add({ id: 'sag-b', navn: 'Sagssystem B', kommunekoder: ['*'], kapitler: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], miljoe: 'produktion' }, 'test')).apiKey;
  const { kafka, codec, topics, settings } = ws.services;
  const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: ws.services.personKeys });
  await members.publish(persons.map((p) => ({ cpr: p.cpr, akasse: 'aak' })));
  await members.close();
});

afterAll(async () => { await ws?.close(); });

describe('web service', () => {
  it('gives a report sent over HTTP exactly the verdict of the same report sent through the SDK', async () => {
    const { kafka, codec, topics, settings } = ws.services;
    const now = Date.now();
    const today = copenhagenDate(now);
    const p = { ...persons[0], kommunekode: '101' };
    const sdk = await createReportPublisher({ kafka, codec, topics, personKeys: ws.services.personKeys });
    expect((await sdk.publish(asSystem(kontaktgruppeStart(p, 'x', today, now), 'sag-a', uniqueName('kg')))).ok).toBe(true);
    const report = udeblivelse(p, 'x', today, now);
    const sdkId = uniqueName('sdk');
    expect((await sdk.publish(asSystem(report, 'sag-a', sdkId))).ok).toBe(true);
    await sdk.close();
    const httpId = uniqueName('http');
    const { kildesystem: _k, ...withoutSender } = report.report;
    const accepted = await post('/api/v1/indberetninger', keyA, { kapitel: 11, report: { ...withoutSender, indberetningId: httpId } });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toEqual({ indberetningId: httpId, kvittering: `/api/v1/indberetninger/${httpId}/kvittering` });

    const [viaSdk, viaHttp] = await Promise.all([receiptOf(sdkId, keyA), receiptOf(httpId, keyA)]);
    const comparable = (r: Record<string, unknown> | undefined) => { const { indberetningId: _i, modtagetTidspunkt: _m, behandletTidspunkt: _b, ...rest } = r ?? {}; return rest; };
    expect(viaHttp).toMatchObject({ udfald: 'LEVERET', vurdering: 'on-time', kildesystem: 'sag-a' });
    expect(comparable(viaHttp)).toEqual(comparable(viaSdk));
    const notified = await readTopic(kafka, topics.fund('aak'), (v) => codec.decode<Record<string, unknown>>(v), 2);
    expect(notified.map((m) => m.value.indberetningId).sort()).toEqual([httpId, sdkId].sort());
    // Only the sending system reads a receipt; for anyone else it does not exist.
    expect((await receipt(httpId, keyB)).statusCode).toBe(404);
    expect((await receipt('no-such-report', keyA)).statusCode).toBe(404);
  });

  it('refuses bad input with a clear status, code and the fields at fault', async () => {
    const now = Date.now();
    const good = udeblivelse({ ...persons[1], kommunekode: '147' }, uniqueName('i'), copenhagenDate(now), now);
    const { kildesystem: _k, ...report } = good.report;
    expect((await post('/api/v1/indberetninger', undefined, good)).statusCode).toBe(401);
    expect((await post('/api/v1/indberetninger', 'hub_0123456789abcdef_' + 'x'.repeat(43), good)).json().error.code).toBe('AUTH_FAILED');
    const wrongTypes = await post('/api/v1/indberetninger', keyA, { kapitel: 11, report: { ...report, kommunekode: 147, haendelsesdato: null } });
    expect(wrongTypes.statusCode).toBe(400);
    expect(wrongTypes.json().error.reasons.map((r: { field: string }) => r.field)).toEqual(expect.arrayContaining(['kommunekode', 'haendelsesdato']));
    const flattened = await post('/api/v1/indberetninger', keyA, { kapitel: 11, ...report, cpr: '12345' });
    expect(flattened.statusCode).toBe(400);
    expect(JSON.stringify(flattened.json())).toContain('cpr');
    expect((await post('/api/v1/indberetninger', keyA, { kapitel: 99, report })).statusCode).toBe(422);
    expect((await post('/api/v1/indberetninger', keyA, { kapitel: 3, report })).statusCode).toBe(403); // data area outside sag-a's agreement
    const outside = await post('/api/v1/indberetninger', keyA, { kapitel: 11, report: { ...report, kommunekode: '851' } });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.reasons[0].code).toBe('kommune-outside-agreement');
    expect((await post('/api/v1/indberetninger', keyA, { kapitel: 11, report: { ...report, kildesystem: 'sag-b' } })).statusCode).toBe(403);
    expect((await post('/api/v1/indberetninger', keyA, '{"kapitel": 11, ')).statusCode).toBe(400);
    expect((await post('/api/v1/indberetninger', keyA, JSON.stringify(good), { 'content-type': 'text/plain' })).statusCode).toBe(415);
    const big = await post('/api/v1/indberetninger', keyA, { kapitel: 11, report: { ...report, kommentar: 'x'.repeat(300 * 1024) } });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('BODY_TOO_LARGE');
    // Validation returns the same reasons without sending.
    const validated = await post('/api/v1/valider', keyA, { kapitel: 11, report: { ...report, kommunekode: 147 } });
    expect(validated.json()).toMatchObject({ gyldig: false, aarsager: [expect.objectContaining({ field: 'kommunekode' })] });
    expect((await post('/api/v1/valider', keyA, { kapitel: 11, report })).json()).toEqual({ gyldig: true, aarsager: [] });
    // The registration page may not send chapters 6 and 7 (§§ 35 stk. 2, 41 stk. 2).
    const page = await post('/api/v1/valider', keyB, { kapitel: 6, report: {} }, { 'x-hub-kanal': 'registreringsside' });
    expect(page.statusCode).toBe(403);
    expect(page.json().error.message).toContain('§ 35 stk. 2');
  });

  it('refuses on Kafka what the agreement does not cover, as a rejected receipt (Admission hook)', async () => {
    const { kafka, codec, topics, settings } = ws.services;
    const now = Date.now();
    const today = copenhagenDate(now);
    const sdk = await createReportPublisher({ kafka, codec, topics, personKeys: ws.services.personKeys });
    const outsideId = uniqueName('outside');
    const unknownId = uniqueName('unknown');
    await sdk.publishMany([
      asSystem(udeblivelse({ ...persons[2], kommunekode: '851' }, 'x', today, now), 'sag-a', outsideId),
      asSystem(udeblivelse({ ...persons[2], kommunekode: '101' }, 'x', today, now), 'no-agreement', unknownId),
    ]);
    await sdk.close();
    expect(await receiptOf(outsideId, keyA)).toMatchObject({ udfald: 'AFVIST', paragraf: '§ 1', aarsager: [expect.objectContaining({ kode: 'kommune-outside-agreement' })] });
    await eventually(async () => (await ws.access.receipts.get(unknownId)) !== undefined, 30_000, 200);
    expect(await ws.access.receipts.get(unknownId)).toMatchObject({ udfald: 'AFVIST', paragraf: '§ 1', aarsager: [expect.objectContaining({ kode: 'no-connection-agreement' })] });
  });

  it('closes access at once on suspension (§ 3), on HTTP and Kafka, and reopens on reinstatement, with who and why', async () => {
    const { kafka, codec, topics, settings } = ws.services;
    const now = Date.now();
    const today = copenhagenDate(now);
    const p = { ...persons[1], kommunekode: '101' };
    await ws.access.agreements.add({ id: 'sag-c', navn: 'C', kommunekoder: ['101'], kapitler: [11], miljoe: 'test' }, 'test').then(async ({ apiKey }) => {
      await ws.access.agreements.suspend('sag-c', 'operatør Ole', 'manglende it-sikkerhedsgaranti');
      const started = Date.now();
      await eventually(async () => (await post('/api/v1/indberetninger', apiKey, asSystem(udeblivelse(p, 'x', today, now), 'sag-c', uniqueName('s')))).statusCode === 403, 2000, 20);
      expect(Date.now() - started).toBeLessThan(1000);
      const refused = await post('/api/v1/indberetninger', apiKey, asSystem(udeblivelse(p, 'x', today, now), 'sag-c', uniqueName('s')));
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain('manglende it-sikkerhedsgaranti');
      const sdk = await createReportPublisher({ kafka, codec, topics, personKeys: ws.services.personKeys });
      const kafkaId = uniqueName('susp');
      await sdk.publish(asSystem(udeblivelse(p, 'x', today, now), 'sag-c', kafkaId));
      await sdk.close();
      await eventually(async () => (await ws.access.receipts.get(kafkaId)) !== undefined, 30_000, 200);
      expect(await ws.access.receipts.get(kafkaId)).toMatchObject({ udfald: 'AFVIST', paragraf: '§ 3' });
      await ws.access.agreements.reinstate('sag-c', 'operatør Ole', 'garanti modtaget');
      await eventually(async () => (await post('/api/v1/valider', apiKey, asSystem(udeblivelse(p, 'x', today, now), 'sag-c', uniqueName('s')))).statusCode === 200, 2000, 20);
      expect((await post('/api/v1/indberetninger', apiKey, asSystem(udeblivelse(p, 'x', today, now), 'sag-c', uniqueName('s')))).statusCode).toBe(202);
    });
    expect((await ws.access.agreements.history('sag-c')).map((h) => [h.handling, h.aktoer, h.aarsag])).toEqual([
      ['AFTALE_OPRET', 'test', null],
      ['AFTALE_SUSPENDER', 'operatør Ole', 'manglende it-sikkerhedsgaranti'],
      ['AFTALE_GENAABN', 'operatør Ole', 'garanti modtaget'],
    ]);
  });

  it('records § 4 system-change notices with whether they came 40 working days ahead', async () => {
    const soon = await post('/api/v1/systemaendringer', keyA, { kommunekode: '101', idriftsaettelse: copenhagenDate(Date.now() + 7 * 86_400_000), system: 'Momentum', beskrivelse: 'Ny version' });
    expect(soon.statusCode).toBe(201);
    expect(soon.json()).toMatchObject({ kommunekode: '101', anmeldtAf: 'sag-a', vurdering: { kind: 'late', paragraph: '§ 4' } });
    const ahead = await post('/api/v1/systemaendringer', keyA, { kommunekode: '147', idriftsaettelse: copenhagenDate(Date.now() + 120 * 86_400_000), system: 'Momentum', beskrivelse: 'Udskiftning' });
    expect(ahead.json()).toMatchObject({ vurdering: { kind: 'on-time' } });
    expect((await post('/api/v1/systemaendringer', keyA, { kommunekode: '851', idriftsaettelse: '2030-01-01', system: 'x', beskrivelse: 'y' })).statusCode).toBe(403);
    const bad = await post('/api/v1/systemaendringer', keyA, { kommunekode: '101', idriftsaettelse: 'snart', system: '', beskrivelse: 'y' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.reasons.map((r: { field: string }) => r.field)).toEqual(['idriftsaettelse', 'system']);
    expect(await ws.access.notices.list()).toHaveLength(2);
  });

  it('serves an OpenAPI document generated from the Avro schemas', async () => {
    const doc = (await ws.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.0.3');
    const body = doc.paths['/api/v1/indberetninger'].post.requestBody.content['application/json'].schema;
    const titles = body.properties.report.anyOf.map((s: { title: string }) => s.title);
    expect(titles).toContain('Kapitel2Indberetning');
    expect(titles).toContain('Kapitel11Indberetning');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ in: 'header', name: 'x-api-key' });
  });

  it('writes who submitted, read and changed what to the audit topic, without report content', async () => {
    const { kafka, codec, topics } = ws.services;
    const entries = await readTopic(kafka, topics.audit, (v) => codec.decode<Record<string, unknown>>(v), 10, 20_000);
    const handlinger = new Set(entries.map((e) => e.value.handling));
    for (const h of ['AFTALE_OPRET', 'AFTALE_SUSPENDER', 'AFTALE_GENAABN', 'INDSEND', 'LAES_KVITTERING', 'ADGANG_AFVIST', 'SYSTEMAENDRING']) expect(handlinger).toContain(h);
    const text = JSON.stringify(entries);
    for (const p of persons) expect(text).not.toContain(p.cpr);
    expect(text).not.toContain('Mødte ikke op');
    expect(entries.find((e) => e.value.handling === 'INDSEND')!.value).toMatchObject({ aktoer: 'sag-a', kanal: 'http', kapitel: 11 });
  });
});
