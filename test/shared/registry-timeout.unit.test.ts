// A registry that takes the connection and never answers: each request ends after its timeout, as
// REGISTRY_UNAVAILABLE (retryable), instead of leaving a start or a decode waiting for ever.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, registerValueSchema } from '../../src/shared/registry.ts';
import { HubError } from '../../src/shared/errors.ts';

let server: http.Server;
let url: string;
let asked = 0;
beforeAll(async () => {
  // Reads each request and never answers it.
  server = http.createServer(() => { asked++; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const schema = { type: 'record', name: 'Proeve', namespace: 'dk.test', fields: [{ name: 'a', type: 'string' }] };

describe('registry requests', () => {
  it('a registration fails as REGISTRY_UNAVAILABLE once its request times out', async () => {
    const registry = createRegistry(url, {}, { requestTimeoutMs: 300 });
    const begun = Date.now();
    const error = await registerValueSchema(registry, 'proeve', schema, 'outbound').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    expect((error as Error).message).toMatch(/timeout/i);
    expect(Date.now() - begun).toBeLessThan(5_000);
    expect(asked).toBeGreaterThan(0);
  });

  it('a decode that must fetch its schema fails with a timeout the codec counts as the registry away', async () => {
    const registry = createRegistry(url, {}, { requestTimeoutMs: 300 });
    // Magic byte 0, schema id 7, then a body: the id is unknown to the client, so it asks the registry.
    const framed = Buffer.from([0, 0, 0, 0, 7, 2, 0x61]);
    const begun = Date.now();
    const error = await registry.decode(framed).then(() => undefined, (e: unknown) => e);
    // src/shared/codec.ts's decodeError makes a message matching /timeout/ REGISTRY_UNAVAILABLE.
    expect((error as Error | undefined)?.message).toMatch(/timeout/i);
    expect(Date.now() - begun).toBeLessThan(5_000);
  });
});
