// Closing the web service at a stop: requests in flight are answered within the grace period, and
// one that waits longer has its connection closed, so it cannot hold the whole stop.
import { afterEach, describe, expect, it } from 'vitest';
import { closeWithin, createHttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import type { FastifyInstance } from 'fastify';

const logged: Array<{ msg: string; graceMs?: number }> = [];
const logger = createLogger({ level: 'info', destination: { write: (line: string) => { logged.push(JSON.parse(line) as { msg: string }); } } });

const serverWith = async (answerAfterMs: number | null) => {
  const app: FastifyInstance = await createHttpServer({
    logger,
    plugins: [async (a) => {
      a.post('/work', async () => {
        // null: a dependency that never answers.
        await new Promise((r) => { if (answerAfterMs !== null) setTimeout(r, answerAfterMs); });
        return { done: true };
      });
    }],
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `${url}/work` };
};

afterEach(() => { logged.length = 0; });

describe('closeWithin', () => {
  it('answers a request in flight that finishes within the grace period', async () => {
    const { app, url } = await serverWith(300);
    const response = fetch(url, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 50));
    const begun = Date.now();
    await closeWithin(app, 5_000, logger);
    // Well before the client's own keep-alive (undici: 4 s) would end the answered connection.
    expect(Date.now() - begun).toBeLessThan(2_000);
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ done: true });
    expect(logged.filter((l) => l.msg.startsWith('requests still in flight'))).toEqual([]);
  });

  it('closes the connection of a request that outlasts the grace period, and says so', async () => {
    const { app, url } = await serverWith(null);
    const response = fetch(url, { method: 'POST' }).then((r) => r.status, (error: Error) => error);
    await new Promise((r) => setTimeout(r, 50));
    const begun = Date.now();
    await closeWithin(app, 500, logger);
    const took = Date.now() - begun;
    expect(took).toBeGreaterThanOrEqual(490);
    expect(took).toBeLessThan(3_000);
    // The caller has no answer (no receipt), so it knows to send again.
    expect(await response).toBeInstanceOf(Error);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'requests still in flight at the stop: closing their connections unanswered', graceMs: 500 }));
  });
});
