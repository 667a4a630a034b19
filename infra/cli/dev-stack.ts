import type { DevStack } from '../../src/cli/dev-stack.ts';
import { connectionsOf, stackSettingsFrom, stackStatus, stackUp } from '../index.ts';
import { outboxStackUp } from './outbox-stack.ts';
import { printStatus, registerStackCommands } from './stack-command.ts';

/** The local development stack (Kafka, registry, Redis; PostgreSQL and Connect on request) for the `hub` command. */
export const devStackFrom = (env: NodeJS.ProcessEnv): DevStack => {
  const settings = stackSettingsFrom(env);
  return {
    stackDir: settings.stackDir,
    connections: () => connectionsOf(settings),
    up: async () => { await stackUp(settings, env); },
    status: () => stackStatus(settings),
    printStatus: async (write) => printStatus(await stackStatus(settings), write),
    outboxUp: (hub) => outboxStackUp(settings, env, hub),
    registerCommands: (program, ctx) => registerStackCommands(program, settings, env, ctx.hub),
  };
};
