import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../app/services.ts';
import type { RunningHub } from '../app/hub.ts';
import { startAccessContext, type AccessContext } from './access-context.ts';
import { webServicePlugin } from './web-service.ts';
import { asyncApiPlugin, opsPlugin } from './ops-plugin.ts';
import { requireBasicAuth, type BasicCredentials } from './basic-auth.ts';
import { API_KEY_HEADER } from './web-service.ts';
import { redisKeys } from '../config/redis-keys.ts';

/** What the HTTP plugins may use: the connected services and, when it runs here, the hub. */
export interface HttpDeps {
  readonly services: Services;
  readonly hub?: RunningHub;
  /** Whether Kafka, the registry and Redis answer (the composition root knows how to ask). */
  readonly health: () => Promise<ReadonlyArray<{ readonly service: string; readonly healthy: boolean }>>;
  /** The web service's agreements, receipts, publisher and audit; started with the server when absent. */
  readonly access?: AccessContext;
}

/** Liveness and the state of Kafka, the registry and Redis. */
export const healthPlugin = (deps: HttpDeps): FastifyPluginAsync => async (app) => {
  app.get('/health', async (_request, reply) => {
    const services = await deps.health();
    const healthy = services.every((s) => s.healthy);
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', services: services.map((s) => ({ service: s.service, healthy: s.healthy })) });
  });
};

/** Prometheus metrics of this process. */
export const metricsPlugin = (deps: HttpDeps): FastifyPluginAsync => async (app) => {
  app.get('/metrics', async (_request, reply) => {
    const registry = deps.hub?.metrics.registry;
    if (!registry) return reply.code(503).send('metrics are served by the process that runs the hub\n');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};

/**
 * The public web service, registration page and OpenAPI document (src/http/web-service.ts,
 * docs/access.md), behind security headers (helmet's defaults: a same-origin content security
 * policy, HSTS, no sniffing, no framing) and a rate limit per caller: per API key (hashed, it names
 * a Redis key), else per address, counted in Redis so that every instance shares one budget.
 */
export const accessPlugin = (deps: HttpDeps): FastifyPluginAsync => async (app) => {
  const access = deps.access ?? await startAccessContext(deps.services);
  if (!deps.access) app.addHook('onClose', async () => access.close());
  const { settings, redis } = deps.services;
  await app.register(helmet);
  // Not per route (`global`): the plugin would run after a route's own authentication, so failed
  // API keys would never count. As the context's first onRequest hook it counts every request.
  await app.register(rateLimit, {
    global: false,
    max: settings.rateLimitPerMinute,
    timeWindow: 60_000,
    redis,
    nameSpace: redisKeys(settings.topicPrefix).rateLimit,
    keyGenerator: (request) => {
      const key = request.headers[API_KEY_HEADER];
      return typeof key === 'string' && key !== '' ? `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `more than ${context.max} requests a minute; try again in ${context.after}` }),
  });
  app.addHook('onRequest', app.rateLimit());
  await app.register(webServicePlugin({ access }));
  await app.register(asyncApiPlugin(deps));
  // The public keys of the notification signatures (notification-signing.ts); funds cache them.
  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.type('application/jwk-set+json').header('cache-control', 'public, max-age=300').send(deps.services.signer.jwks()));
};

/** What a public HTTP server registers: health for load balancers, and the web service. */
export const publicPlugins = (deps: HttpDeps): FastifyPluginAsync[] => [healthPlugin(deps), accessPlugin(deps)];

/**
 * The operations server, on its own port: dashboard, `/api/ops/*`, `/metrics` and `/health`, every
 * route behind the operations credentials (Prometheus scrapes with `basic_auth`).
 */
export const opsServerPlugin = (deps: HttpDeps, credentials: BasicCredentials): FastifyPluginAsync => async (app) => {
  app.addHook('onRequest', requireBasicAuth(credentials));
  await app.register(helmet);
  for (const plugin of [healthPlugin(deps), metricsPlugin(deps), opsPlugin(deps)]) await app.register(plugin);
};
