import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from '../shared/logger.ts';

/**
 * The hub's one HTTP server: the web service for case systems, the registration page, the
 * dashboard and /metrics are plugins registered on it. fastify because it validates JSON bodies
 * against schemas, limits body size and serves OpenAPI from the same route schemas.
 */
export const createHttpServer = async (options: {
  logger: Logger;
  plugins: ReadonlyArray<FastifyPluginAsync>;
  /** Largest accepted request body in bytes. Default 256 KiB. */
  bodyLimitBytes?: number;
}): Promise<FastifyInstance> => {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? 256 * 1024,
  });
  for (const plugin of options.plugins) await app.register(plugin);
  return app as unknown as FastifyInstance;
};

/**
 * Closes an HTTP server: no new request; those in flight are answered for `graceMs`, then their
 * connections are closed unanswered, so that one request waiting on a slow dependency cannot take the
 * whole stop. A caller that got no answer has no receipt and sends again (a second copy of a report
 * that did reach the topic is a DUBLET, not a second report). A connection whose request was
 * answered during the close is closed as soon as it is idle: Node closes only the connections idle
 * when the close begins, and a client's keep-alive would otherwise hold the stop for its own timeout.
 */
export const closeWithin = async (server: FastifyInstance, graceMs: number, logger: Logger): Promise<void> => {
  const closed = server.close();
  const idle = setInterval(() => server.server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  try {
    const overran = await Promise.race([closed.then(() => false), new Promise<boolean>((r) => { timer = setTimeout(() => r(true), graceMs); })]);
    if (!overran) return;
    logger.warn({ graceMs }, 'requests still in flight at the stop: closing their connections unanswered');
    server.server.closeAllConnections();
    await closed;
  } finally {
    clearTimeout(timer);
    clearInterval(idle);
  }
};
