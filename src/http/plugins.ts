import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../app/services.ts';
import type { RunningHub } from '../app/hub.ts';
import { stackStatus } from '../../infra/index.ts';
import type { StackSettings } from '../../infra/index.ts';

/** What the HTTP plugins may use: the connected services and, when it runs here, the hub. */
export interface HttpDeps {
  readonly services: Services;
  readonly hub?: RunningHub;
  readonly stack: StackSettings;
}

/** Liveness and the state of Kafka, the registry and Redis. */
export const healthPlugin = (deps: HttpDeps): FastifyPluginAsync => async (app) => {
  app.get('/health', async (_request, reply) => {
    const services = await stackStatus(deps.stack);
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

/** Every plugin the hub's HTTP server registers, in order. Other areas add theirs here. */
export const hubPlugins = (deps: HttpDeps): FastifyPluginAsync[] => [healthPlugin(deps), metricsPlugin(deps)];
