import { connectServices, type Services } from '../app/services.ts';
import { hubSettingsFrom, usesDevelopmentSecret, type Connections, type HubSettings } from '../config/settings.ts';
import { HubError } from '../shared/errors.ts';
import path from 'node:path';
import { createLogger, type Logger } from '../shared/logger.ts';
import { ensureSigningKeySet } from '../shared/notification-signing.ts';
import type { DevStack } from './dev-stack.ts';

/** What every command gets from the composition root: settings read once from the environment. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  /** The local development stack (infra/), or none: then the environment names every service. */
  readonly stack: DevStack | undefined;
  hub(): HubSettings;
  logger(level?: string): Logger;
  /**
   * Brings the local stack up when needed (not for services the environment names), then connects.
   * `readOnly` commands start nothing, create no topic and register no schema: they only connect.
   */
  connect(options?: { ensureStack?: boolean; clientId?: string; logLevel?: string; readOnly?: boolean }): Promise<Services>;
}

export const createCliContext = (env: NodeJS.ProcessEnv, stack: DevStack | undefined): CliContext => {
  let hub: HubSettings | undefined;
  const ctx: CliContext = {
    env,
    stack,
    // The hub's signing keys default to a file beside the local stack's state, made on first use.
    hub: () => (hub ??= hubSettingsFrom(
      stack ? { HUB_SIGNING_KEYS_FILE: path.join(stack.stackDir, 'run', 'signing-keys.json'), ...env } : env,
      stack?.connections() ?? environmentConnections(env),
    )),
    // A command's own output is its data and its errors; the logs of its clients only on request.
    logger: (level) => createLogger({ level: level || env.HUB_LOG_LEVEL || 'error' }),
    async connect(options = {}) {
      if (options.ensureStack ?? !options.readOnly) await stack?.up();
      const settings = ctx.hub();
      const logger = ctx.logger(options.logLevel);
      if (settings.signingKeysFile) await ensureSigningKeySet(settings.signingKeysFile, Date.now());
      if (usesDevelopmentSecret(settings) && env.NODE_ENV === 'production') {
        logger.warn('HUB_PERSON_LOOKUP_SECRET is not set: the person-key mapping is filed with the development secret');
      }
      return connectServices(settings, logger, { clientId: options.clientId ?? 'hub-cli', readOnly: options.readOnly ?? false });
    },
  };
  return ctx;
};

/** Without a local stack, the environment must name every service. */
const environmentConnections = (env: NodeJS.ProcessEnv): Connections => {
  const missing = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'REDIS_URL'].filter((name) => !env[name]);
  if (missing.length > 0) throw new HubError('CONFIG_INVALID', `no local stack here: set ${missing.join(', ')}`);
  return { kafkaBrokers: env.KAFKA_BROKERS!.split(',').map((b) => b.trim()), registryUrl: env.SCHEMA_REGISTRY_URL!, redisUrl: env.REDIS_URL! };
};
