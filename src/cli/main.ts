// The composition root of the `hub` command: the only module that reads process.env.
import { Command } from 'commander';
import { isHubError } from '../shared/errors.ts';
import { redactCpr } from '../shared/logger.ts';
import { registerAccessCommands } from './access-commands.ts';
import { registerCheckCommand } from './check-command.ts';
import { createCliContext } from './context.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerMembersCommand } from './members-command.ts';
import { exitAfterCleanup } from './exit.ts';
import { registerOpsCommands } from './ops-commands.ts';
import { registerPublishCommand } from './publish-command.ts';
import { registerReconcileCommand } from './reconcile-command.ts';
import { registerSigningCommands } from './signing-commands.ts';
import { registerStackCommands } from './stack-command.ts';
import { registerStartCommand } from './start-command.ts';
import { registerTailCommand } from './tail-command.ts';
import { registerYdelserCommand } from './ydelser-command.ts';

const now = () => Date.now();

// A reader that stops early (`hub check … | head`) closes the pipe: that ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') void exitAfterCleanup(0);
  else throw error;
});

const main = async (): Promise<void> => {
  const ctx = createCliContext(process.env);
  const program = new Command('hub')
    .description('Integration hub for Danish employment-data reporting (BEK nr. 1380 af 10/12/2010)')
    .showHelpAfterError();
  registerStackCommands(program, ctx.stack, ctx.env, ctx.hub);
  registerStartCommand(program, ctx);
  registerPublishCommand(program, ctx);
  registerCheckCommand(program, ctx, now);
  registerTailCommand(program, ctx);
  registerDemoCommand(program, ctx, now);
  registerMembersCommand(program, ctx);
  registerYdelserCommand(program, ctx);
  registerReconcileCommand(program, ctx);
  registerOpsCommands(program, ctx);
  registerAccessCommands(program, ctx);
  registerSigningCommands(program, ctx, now);
  await program.parseAsync(process.argv);
};

main().catch((error: unknown) => {
  const message = redactCpr(error instanceof Error ? error.message : String(error));
  console.error(isHubError(error) ? `hub: ${message} [${error.code}]` : `hub: ${message}`);
  process.exit(1);
});
