// Thousands of malformed requests (fast-check, through fastify's inject): every one gets a clear
// 4xx with an error code, nothing is sent or stored, and the service keeps serving.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { udeblivelse, samplePersons } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

let ws: WebServiceFixture;
let key: string;

beforeAll(async () => {
  // Thousands of requests from one caller: the rate limit (test/http/ops-server.int.test.ts) is not what is tested here.
  ws = await startWebService({ withHub: false, env: { HUB_RATE_LIMIT_PER_MINUTE: '1000000' } });
  key = (await ws.access.agreements.add({ id: 'sag-fuzz', navn: 'Fuzz', kommunekoder: ['101'], kapitler: [2, 11], miljoe: 'test' }, 'test')).apiKey;
});
afterAll(async () => { await ws?.close(); });

const inboundMessages = async (): Promise<number> => {
  const admin = ws.services.kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(ws.services.topics.indberetninger);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
};

const reportLike = fc.record({
  kapitel: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.string(), fc.constant(null), fc.double()),
  report: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('cpr', 'kommunekode', 'haendelsesdato', 'haendelsestype', 'registreretTidspunkt', 'tilbud', 'kildesystem', '__proto__', 'constructor'), fc.anything())),
}, { requiredKeys: [] });

const body = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  reportLike.map((r) => JSON.stringify(r)),
  reportLike.map((r) => JSON.stringify(r).slice(0, -1)), // truncated JSON
  fc.constantFrom('{"__proto__": {"x": 1}}', '{"constructor": {"prototype": {"x": 1}}}', '[]', 'null', '"x"', '1e999', '{"kapitel": 11, "report": {"cpr": "0101901234"}}'),
);

describe('bad input', () => {
  it('answers thousands of malformed requests with 4xx and a code, changing nothing', async () => {
    const before = await inboundMessages();
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('/api/v1/indberetninger', '/api/v1/valider', '/api/v1/systemaendringer'),
      fc.constantFrom<string | undefined>('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined),
      fc.constantFrom<'valid' | 'none' | 'garbage'>('valid', 'valid', 'valid', 'none', 'garbage'),
      body,
      async (url, contentType, auth, payload) => {
        const headers: Record<string, string> = {};
        if (contentType) headers['content-type'] = contentType;
        if (auth === 'valid') headers['x-api-key'] = key;
        if (auth === 'garbage') headers['x-api-key'] = 'hub_ffffffffffffffff_' + 'a'.repeat(43);
        const response = await ws.app.inject({ method: 'POST', url, headers, payload });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 200) {
          // Validation answers a readable but invalid report with its reasons, not an error.
          expect(url).toBe('/api/v1/valider');
          expect(response.json().gyldig).toBe(false);
        } else {
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
          expect(response.statusCode).toBeLessThan(500);
          expect(response.json().error.code).toMatch(/^[A-Z_]+$/);
        }
        expect(response.body).not.toContain('0101901234');
      },
    ), { numRuns: 2500 });
    // 400, 401, 403, 415 and 422 all occurred; 413 is proven in web-service.int.test.ts.
    for (const s of [400, 401, 415, 422]) expect(statuses.get(s) ?? 0).toBeGreaterThan(0);
    expect(await inboundMessages()).toBe(before);
    expect(await ws.access.notices.list()).toHaveLength(0);
    expect((await ws.access.agreements.list()).map((a) => [a.id, a.status])).toEqual([['sag-fuzz', 'aktiv']]);
    // …and it still serves a good report.
    const now = Date.now();
    const good = udeblivelse({ ...samplePersons(1, ['aak'], 5)[0]!, kommunekode: '101' }, 'ok-1', copenhagenDate(now), now);
    const ok = await ws.app.inject({ method: 'POST', url: '/api/v1/valider', headers: { 'content-type': 'application/json', 'x-api-key': key }, payload: { kapitel: 11, report: { ...good.report, kildesystem: 'sag-fuzz' } } });
    expect(ok.json()).toEqual({ gyldig: true, aarsager: [] });
  }, 180_000);
});
