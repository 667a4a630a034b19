import { connectionsOf, stackSettingsFrom, stackUp, type StackSettings } from '../../infra/index.ts';
import { connectServices, type Services } from '../app/services.ts';
import { hubSettingsFrom, usesDevelopmentSecret, type HubSettings } from '../config/settings.ts';
import path from 'node:path';
import { createLogger, type Logger } from '../shared/logger.ts';
import { ensureSigningKeySet } from '../shared/notification-signing.ts';

/** What every command gets from the composition root: settings read once from the environment. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly stack: StackSettings;
  hub(): HubSettings;
  logger(level?: string): Logger;
  /**
   * Brings the local stack up when needed (not for services the environment names), then connects.
   * `readOnly` commands start nothing, create no topic and register no schema: they only connect.
   */
  connect(options?: { ensureStack?: boolean; clientId?: string; logLevel?: string; readOnly?: boolean }): Promise<Services>;
}

export const createCliContext = (env: NodeJS.ProcessEnv): CliContext => {
  const stack = stackSettingsFrom(env);
  let hub: HubSettings | undefined;
  const ctx: CliContext = {
    env,
    stack,
    // The hub's signing keys default to a file beside the local stack's state, made on first use.
    hub: () => (hub ??= hubSettingsFrom({ HUB_SIGNING_KEYS_FILE: path.join(stack.stackDir, 'run', 'signing-keys.json'), ...env }, connectionsOf(stack))),
    // A command's own output is its data and its errors; the logs of its clients only on request.
    logger: (level) => createLogger({ level: level || env.HUB_LOG_LEVEL || 'error' }),
    async connect(options = {}) {
      if (options.ensureStack ?? !options.readOnly) await stackUp(stack, env);
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
