import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../app/services.ts';
import type { RunningHub } from '../app/hub.ts';
import { startAccessContext, type AccessContext } from './access-context.ts';
import { webServicePlugin } from './web-service.ts';
import { opsPlugin } from './ops-plugin.ts';

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

/** The web service, registration page and OpenAPI document (src/http/web-service.ts, docs/access.md). */
export const accessPlugin = (deps: HttpDeps): FastifyPluginAsync => async (app) => {
  const access = deps.access ?? await startAccessContext(deps.services);
  if (!deps.access) app.addHook('onClose', async () => access.close());
  await app.register(webServicePlugin({ access }));
};

/** Every plugin the hub's HTTP server registers, in order. Other areas add theirs here. */
export const hubPlugins = (deps: HttpDeps): FastifyPluginAsync[] => [healthPlugin(deps), metricsPlugin(deps), opsPlugin(deps), accessPlugin(deps)];
