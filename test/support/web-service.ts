// Test support for the web service: a hub on fresh topic names with agreements enforced, and an HTTP server on it.
import type { FastifyInstance } from 'fastify';
import { stackSettingsFrom, stackStatus } from '../../infra/index.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { startAccessContext, type AccessContext } from '../../src/http/access-context.ts';
import { accessPlugin } from '../../src/http/plugins.ts';
import { createHttpServer } from '../../src/http/server.ts';
import type { Logger } from '../../src/shared/logger.ts';
import { testLogger, uniqueName } from './services.ts';

export interface WebServiceFixture {
  readonly services: Services;
  readonly access: AccessContext;
  readonly app: FastifyInstance;
  readonly hub?: RunningHub;
  close(): Promise<void>;
}

/** Connects on a unique topic prefix; with `withHub` the rules consumer runs with the agreements' Admission hook. */
export const startWebService = async (options: { withHub?: boolean; logger?: Logger; bodyLimitBytes?: number; env?: NodeJS.ProcessEnv } = {}): Promise<WebServiceFixture> => {
  const settings = hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('ws'), HUB_PARTITIONS: '1', ...options.env });
  const services = await connectServices(settings, options.logger ?? testLogger);
  const access = await startAccessContext(services);
  const hub = options.withHub ? await startHub(services, { admission: access.cache.admission }) : undefined;
  const app = await createHttpServer({ logger: services.logger, plugins: [accessPlugin({ services, health: () => stackStatus(stackSettingsFrom(process.env)), access })], ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}) });
  await app.ready();
  return {
    services, access, app, ...(hub ? { hub } : {}),
    async close() {
      await app.close();
      await hub?.stop();
      await access.close();
      const prefix = settings.topicPrefix;
      const keys = await services.redis.keys(`${prefix}:*`);
      if (keys.length > 0) await services.redis.del(...keys);
      await services.close();
    },
  };
};
