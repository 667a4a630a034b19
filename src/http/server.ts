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
