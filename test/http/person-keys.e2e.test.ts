// The key service over HTTP, as a case system in any language calls it: POST /api/v1/personnoegler
// with its API key, and the TypeScript client with its cache. CPR numbers never reach a log or an error.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonKeyClient, isPersonKey } from '../../src/person-keys/index.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { isHubError } from '../../src/shared/errors.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

let ws: WebServiceFixture;
let url: string;
let apiKey: string;
const logged: string[] = [];
const cprs = ['0101901234', '0202911234', '0303921234'];

beforeAll(async () => {
  const logger = createLogger({ level: 'debug', destination: new Writable({ write(chunk, _e, done) { logged.push(String(chunk)); done(); } }) });
  ws = await startWebService({ logger });
  apiKey = (await ws.access.agreements.add({ id: 'sag-noegler', navn: 'Sagssystem', kommunekoder: ['*'], kapitler: [2, 11], miljoe: 'test' }, 'test')).apiKey;
  url = await ws.app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);

afterAll(async () => {
  await ws?.close();
});

const post = (body: unknown, key: string | null = apiKey) =>
  fetch(`${url}/api/v1/personnoegler`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body: JSON.stringify(body) });

describe('POST /api/v1/personnoegler', () => {
  it('answers a batch with the hub\'s keys in order, the same each time, for a caller with an agreement only', async () => {
    const response = await post({ cpr: cprs });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const { personnoegler } = await response.json() as { personnoegler: string[] };
    expect(personnoegler.every(isPersonKey)).toBe(true);
    expect(personnoegler).toEqual(await ws.services.personKeys.keysFor(cprs));
    expect((await (await post({ cpr: [cprs[2]] })).json() as { personnoegler: string[] }).personnoegler).toEqual([personnoegler[2]]);

    expect((await post({ cpr: cprs }, null)).status).toBe(401);
    expect((await post({ cpr: cprs }, 'hub_wrong')).status).toBe(401);
  });

  it('refuses a malformed batch naming the position, never the number', async () => {
    const bad = await post({ cpr: [cprs[0], `${cprs[1]}x`] });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'PERSON_KEY_REQUEST_INVALID', message: expect.stringContaining('cpr[1]') } });
    expect(text).not.toContain(cprs[1]);
    expect((await post({ cpr: Array(1001).fill(cprs[0]) })).status).toBe(400);
    expect((await post({ cpr: [] })).status).toBe(400);
  });

  it('serves the client, which asks once per person and keeps the answer', async () => {
    let requests = 0;
    const client = createPersonKeyClient({ url, apiKey, cacheSize: 10, fetch: (input, init) => { requests++; return fetch(input, init); } });
    const keys = await client.keysFor([...cprs, cprs[0]!]);
    expect(keys).toEqual([...await ws.services.personKeys.keysFor(cprs), keys[0]]);
    expect(await client.keysFor(cprs.slice().reverse())).toEqual(keys.slice(0, 3).reverse());
    expect(requests).toBe(1);
    expect(client.cached()).toBe(3);

    const refused = await createPersonKeyClient({ url, apiKey: 'hub_wrong' }).keysFor(cprs).catch((e: unknown) => e);
    expect(isHubError(refused) && refused.code).toBe('AUTH_FAILED');
    const away = await createPersonKeyClient({ url: 'http://127.0.0.1:9', apiKey }).keysFor(cprs).catch((e: unknown) => e);
    expect(isHubError(away) && away.code).toBe('KEY_SERVICE_UNAVAILABLE');
    expect(String(away)).not.toContain(cprs[0]);
  });

  it('logs no CPR number', () => {
    expect(logged.length).toBeGreaterThan(0);
    for (const cpr of cprs) expect(logged.join('')).not.toContain(cpr);
  });
});
