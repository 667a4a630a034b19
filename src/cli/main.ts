// The composition root of the `hub` command: the only module that reads process.env.
import { Command } from 'commander';
import { stackSettingsFrom } from '../../infra/index.ts';
import { isHubError } from '../shared/errors.ts';
import { registerStackCommands } from './stack-command.ts';

const env = process.env;

const main = async (): Promise<void> => {
  const program = new Command('hub')
    .description('Integration hub for Danish employment-data reporting')
    .showHelpAfterError();
  const stackSettings = stackSettingsFrom(env);
  registerStackCommands(program, stackSettings, env);
  await program.parseAsync(process.argv);
};

main().catch((error: unknown) => {
  if (isHubError(error)) {
    console.error(`hub: ${error.message} [${error.code}]`);
  } else {
    console.error(`hub: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
});
