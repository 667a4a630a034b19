import type { Command } from 'commander';
import { stackDown, stackStatus, stackUp, type ServiceStatus, type StackSettings } from '../../infra/index.ts';

const row = (s: ServiceStatus): string => {
  const state = s.healthy ? 'healthy' : 'down';
  const who = s.owner === 'external' ? 'external (from environment)' : s.pid ? `local, pid ${s.pid}` : 'local';
  return `  ${s.service.padEnd(9)} ${state.padEnd(8)} ${s.address.padEnd(44)} ${who}`;
};

export const printStatus = (status: ServiceStatus[], write: (line: string) => void): void => {
  write(`  ${'service'.padEnd(9)} ${'state'.padEnd(8)} ${'address'.padEnd(44)} run by`);
  for (const s of status) write(row(s));
};

export const registerStackCommands = (program: Command, settings: StackSettings, env: NodeJS.ProcessEnv): void => {
  const stack = program.command('stack').description('the embedded local Kafka (KRaft), schema registry and Redis');
  stack
    .command('up')
    .description('fetch (first time only), start and health-check the local stack; does nothing when it is healthy')
    .action(async () => {
      const result = await stackUp(settings, env);
      if (result.started.length === 0) {
        console.log('stack already healthy; nothing started');
      } else {
        console.log(`started ${result.started.join(', ')} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
      }
      printStatus(result.status, console.log);
      console.log(`  logs and data: ${settings.stackDir}/run/<service>/`);
    });
  stack
    .command('down')
    .description('stop the services this project started (never anything else)')
    .action(async () => {
      const stopped = await stackDown(settings);
      console.log(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing of ours was running');
    });
  stack
    .command('status')
    .description('show each service, where it runs and whether it is healthy')
    .action(async () => {
      const status = await stackStatus(settings);
      printStatus(status, console.log);
      if (status.some((s) => !s.healthy)) process.exitCode = 1;
    });
};
