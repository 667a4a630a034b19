// The web service takes JSON in UTF-8 only (RFC 8259 § 8.1): a declared other charset is 415, bytes
// that are not UTF-8 are 400, and what it accepts reaches the inbound topic with its letters intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { readTopic, uniqueName } from '../support/services.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

let ws: WebServiceFixture;
let key: string;

beforeAll(async () => {
  ws = await startWebService();
  key = (await ws.access.agreements.add({ id: 'sag-cs', navn: 'Sagssystem', kommunekoder: ['*'], kapitler: [11], miljoe: 'test' }, 'test')).apiKey;
});
afterAll(async () => { await ws?.close(); });

const body = (id: string) => {
  const now = Date.now();
  const { kildesystem: _k, ...report } = udeblivelse(samplePersons(1, ['aak'], 5)[0]!, id, copenhagenDate(now), now).report;
  return JSON.stringify({ kapitel: 11, report: { ...report, indberetningId: id, aarsag: 'Mødte ikke op' } });
};
const post = (payload: Buffer, contentType: string) =>
  ws.app.inject({ method: 'POST', url: '/api/v1/indberetninger', headers: { 'content-type': contentType, 'x-api-key': key }, payload });

describe('charset of a body', () => {
  it.each(['iso-8859-1', 'windows-1252', 'utf-16', 'latin1'])('refuses a body declared %s with 415', async (charset) => {
    const r = await post(Buffer.from(body(uniqueName('cs')), 'latin1'), `application/json; charset=${charset}`);
    expect(r.statusCode).toBe(415);
    expect(r.json().error).toMatchObject({ code: 'CONTENT_TYPE_UNSUPPORTED', message: expect.stringContaining('UTF-8') });
  });

  it('refuses ISO-8859-1 bytes sent without a charset (not valid UTF-8) with 400', async () => {
    const r = await post(Buffer.from(body(uniqueName('cs')), 'latin1'), 'application/json');
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toEqual({ code: 'INPUT_UNREADABLE', message: 'the body is not valid UTF-8: send it encoded as UTF-8' });
  });

  it('accepts UTF-8, declared or not, with or without a byte-order mark, and the letters arrive intact', async () => {
    const ids = [uniqueName('u1'), uniqueName('u2'), uniqueName('u3')];
    expect((await post(Buffer.from(body(ids[0]!), 'utf8'), 'application/json; charset=UTF-8')).statusCode).toBe(202);
    expect((await post(Buffer.from(body(ids[1]!), 'utf8'), 'application/json')).statusCode).toBe(202);
    expect((await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body(ids[2]!), 'utf8')]), 'application/json;charset="utf-8"')).statusCode).toBe(202);
    const inbound = await readTopic(ws.services.kafka, ws.services.topics.indberetninger, (v) => ws.services.codec.decodeInbound(v), 3);
    expect(inbound.map((m) => m.value.report.aarsag)).toEqual(['Mødte ikke op', 'Mødte ikke op', 'Mødte ikke op']);
  });
});
