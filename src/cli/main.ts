// The composition root of the `hub` command: the only module that reads process.env. The entry
// point (infra/cli/hub.ts) hands in the local development stack.
import { Command } from 'commander';
import { isHubError } from '../shared/errors.ts';
import { redactCpr } from '../shared/logger.ts';
import { registerAccessCommands } from './access-commands.ts';
import { registerCheckCommand } from './check-command.ts';
import { createCliContext } from './context.ts';
import type { DevStack } from './dev-stack.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerMembersCommand } from './members-command.ts';
import { exitAfterCleanup } from './exit.ts';
import { registerOpsCommands } from './ops-commands.ts';
import { registerPublishCommand } from './publish-command.ts';
import { registerReconcileCommand } from './reconcile-command.ts';
import { registerSigningCommands } from './signing-commands.ts';
import { registerStartCommand } from './start-command.ts';
import { registerTailCommand } from './tail-command.ts';
import { registerYdelserCommand } from './ydelser-command.ts';

const now = () => Date.now();

// A reader that stops early (`hub check … | head`) closes the pipe: that ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') void exitAfterCleanup(0);
  else throw error;
});

const main = async (devStack: ((env: NodeJS.ProcessEnv) => DevStack) | undefined): Promise<void> => {
  const ctx = createCliContext(process.env, devStack?.(process.env));
  const program = new Command('hub')
    .description('Integration hub for Danish employment-data reporting (BEK nr. 1380 af 10/12/2010)')
    .showHelpAfterError();
  ctx.stack?.registerCommands(program, ctx);
  registerStartCommand(program, ctx);
  registerPublishCommand(program, ctx);
  registerCheckCommand(program, ctx, now);
  registerTailCommand(program, ctx);
  registerDemoCommand(program, ctx, now);
  registerMembersCommand(program, ctx);
  registerYdelserCommand(program, ctx);
  registerReconcileCommand(program, ctx);
  registerKeysCommand(program, ctx);
  registerOpsCommands(program, ctx);
  registerAccessCommands(program, ctx);
  registerSigningCommands(program, ctx, now);
  await program.parseAsync(process.argv);
};

/** Runs the `hub` command with the process's arguments; a failure prints one line and exits 1. */
export const runHub = (devStack?: (env: NodeJS.ProcessEnv) => DevStack): Promise<void> =>
  main(devStack).catch((error: unknown) => {
    const message = redactCpr(error instanceof Error ? error.message : String(error));
    console.error(isHubError(error) ? `hub: ${message} [${error.code}]` : `hub: ${message}`);
    process.exit(1);
  });
