// Issue 13, point 4: the operations server apart from the public web service, with its own
// credentials; the public service with security headers and a rate limit per caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { opsServerPlugin } from '../../src/http/plugins.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createMetrics } from '../../src/ops/index.ts';
import { testLogger } from '../support/services.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

const credentials = { username: 'ops', password: 'correct-horse-battery-staple' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
let ws: WebServiceFixture;
let ops: FastifyInstance;

beforeAll(async () => {
  ws = await startWebService({ env: { HUB_RATE_LIMIT_PER_MINUTE: '5' } });
  ops = await createHttpServer({ logger: testLogger, plugins: [opsServerPlugin({ services: ws.services, health: undefined as never, hub: { metrics: createMetrics() } as never }, credentials)] });
  await ops.ready();
});

afterAll(async () => {
  await ops?.close();
  await ws?.close();
});

describe('the operations server', () => {
  it('answers nothing without its credentials, and everything with them', async () => {
    for (const url of ['/', '/api/ops/overview', '/api/ops/lag', '/metrics', '/dashboard/dashboard.js']) {
      for (const authorization of [undefined, basic('ops', 'wrong'), basic('admin', credentials.password)]) {
        const response = await ops.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });
        expect(response.statusCode, `${url} with ${authorization ?? 'nothing'}`).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(/^Basic realm=/);
        expect(response.json()).toMatchObject({ error: { code: 'AUTH_FAILED' } });
      }
    }
    const authorization = basic(credentials.username, credentials.password);
    const metrics = await ops.inject({ method: 'GET', url: '/metrics', headers: { authorization } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('# HELP');
    const page = await ops.inject({ method: 'GET', url: '/', headers: { authorization } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('is not reachable through the public web service', async () => {
    for (const url of ['/', '/api/ops/overview', '/api/ops/lag', '/api/ops/compliance', '/api/ops/afstemning', '/metrics', '/dashboard/dashboard.js']) {
      expect((await ws.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    // The funds' AsyncAPI document and the notification signatures' public keys are public.
    expect((await ws.app.inject({ method: 'GET', url: '/api/asyncapi.json' })).statusCode).toBe(200);
    const jwks = await ws.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(jwks.headers['content-type']).toMatch(/^application\/jwk-set\+json/);
    expect(jwks.json()).toEqual(ws.services.signer.jwks());
    expect(jwks.body).not.toContain('"d"');
  });
});

describe('the public web service', () => {
  it('sends security headers', async () => {
    const response = await ws.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('limits each caller to HUB_RATE_LIMIT_PER_MINUTE requests a minute, one key apart from another', async () => {
    const get = (key: string) => ws.app.inject({ method: 'GET', url: '/api/v1/indberetninger/x/kvittering', headers: { 'x-api-key': key } });
    const first = await Promise.all(Array.from({ length: 5 }, () => get('hub_one')));
    expect(first.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    const sixth = await get('hub_one');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get('hub_two')).statusCode).toBe(401);
  });
});
