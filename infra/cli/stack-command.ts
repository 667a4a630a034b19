import path from 'node:path';
import type { Command } from 'commander';
import {
  outboxRunning, secureHubEnv, secureKafkaRunning, secureStackUp, stackDown, stackStatus, stackUp, SECURE_ADMIN_USER, SECURE_HUB_USER,
  type ServiceStatus, type StackSettings,
} from '../index.ts';
import { DEMO_AFTALE } from '../../src/access/index.ts';
import type { HubSettings } from '../../src/config/settings.ts';
import { topicNames } from '../../src/config/topics.ts';
import { outboxStackUp } from './outbox-stack.ts';

const row = (s: ServiceStatus, width: number): string => {
  const state = s.healthy ? 'healthy' : 'down';
  const who = s.owner === 'external' ? 'external (from environment)' : s.pid ? `local, pid ${s.pid}` : 'local';
  return `  ${s.service.padEnd(width)} ${state.padEnd(8)} ${s.address.padEnd(44)} ${who}`;
};

export const printStatus = (status: ServiceStatus[], write: (line: string) => void): void => {
  const width = Math.max(9, ...status.map((s) => s.service.length + 1));
  write(`  ${'service'.padEnd(width)} ${'state'.padEnd(8)} ${'address'.padEnd(44)} run by`);
  for (const s of status) write(row(s, width));
};

/** `hub stack up --secure`: the secured broker beside the stack, and how to run the hub on it. */
const upSecure = async (settings: StackSettings, env: NodeJS.ProcessEnv, hub: HubSettings): Promise<void> => {
  const result = await secureStackUp(settings, env, {
    topicPrefix: hub.topicPrefix,
    topics: topicNames(hub.topicPrefix),
    fundCodes: hub.funds.map((f) => f.code),
    caseSystems: [DEMO_AFTALE.id],
  });
  for (const user of Object.keys(result.credentials.users)) result.clientCert(user);
  const where = result.brokers.join(',');
  console.log(result.started ? `started the secured Kafka on ${where}` : `secured Kafka already healthy on ${where}; nothing started`);
  console.log(`  SASL_SSL (SCRAM-SHA-256) on ${where}, mutual TLS on ${result.credentials.mtlsBrokers?.join(',')}; ACLs applied for topic prefix ${hub.topicPrefix}`);
  console.log(`  registry over HTTPS (Basic): ${result.credentials.registry?.url}   Redis over TLS (ACL user hub): ${result.credentials.redis?.url}`);
  console.log(`  CA: ${result.credentials.caFile}; client certificates (CN = user): ${path.dirname(result.credentials.caFile ?? '')}/client-<user>-cert.pem, made by up for every user`);
  const others = Object.keys(result.credentials.users).filter((u) => u !== SECURE_ADMIN_USER && u !== SECURE_HUB_USER);
  console.log(`  users: ${SECURE_ADMIN_USER} (super user), ${SECURE_HUB_USER} (the hub: everything under ${hub.topicPrefix}.*), ${others.join(', ')}`);
  console.log(`  passwords: ${result.credentialsFile} (mode 0600)`);
  console.log('\n  run the hub as its own principal on it:');
  console.log(`    export ${Object.entries(secureHubEnv(result)).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  console.log('    npx hub start\n');
};

export const registerStackCommands = (program: Command, settings: StackSettings, env: NodeJS.ProcessEnv, hub: () => HubSettings): void => {
  const stack = program.command('stack').description('the embedded local Kafka (KRaft), schema registry and Redis');
  stack
    .command('up')
    .description('fetch (first time only), start and health-check the local stack; does nothing when it is healthy')
    .option('--secure', `also start the secured Kafka (SASL/SCRAM, ACLs) on 127.0.0.1:${settings.secureKafka.port} (HUB_SECURE_KAFKA_PORT)`)
    .option('--outbox', `also start PostgreSQL (127.0.0.1:${settings.outbox.postgresPort}) and Kafka Connect with Debezium (${settings.outbox.connectPort}) for a case system's outbox (docs/outbox.md)`)
    .action(async (opts: { secure?: boolean; outbox?: boolean }) => {
      const result = await stackUp(settings, env);
      if (result.started.length === 0) {
        console.log('stack already healthy; nothing started');
      } else {
        console.log(`started ${result.started.join(', ')} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
      }
      if (opts.secure) await upSecure(settings, env, hub());
      if (opts.outbox) {
        const outbox = await outboxStackUp(settings, env, hub());
        console.log(outbox.started.length ? `started ${outbox.started.join(', ')}` : 'PostgreSQL and Kafka Connect already healthy; nothing started');
        console.log(`  case database ${outbox.databaseUrl} (tables hub_outbox, hub_kvittering, sag_haendelse); connector ${outbox.connector} running`);
        console.log('\n  run the hub with the outbox bridge, then register events as a case worker would:');
        console.log(`    export HUB_OUTBOX_DATABASE_URL=${outbox.databaseUrl}`);
        console.log('    npx hub start    # then, in another terminal: npx hub demo --outbox\n');
      }
      printStatus(opts.secure || opts.outbox ? await stackStatus(settings, { secure: opts.secure === true, outbox: opts.outbox === true }) : result.status, console.log);
      console.log(`  logs and data: ${settings.stackDir}/run/<service>/`);
    });
  stack
    .command('down')
    .description('stop the services this project started, the secured Kafka, PostgreSQL and Kafka Connect too (never anything else)')
    .action(async () => {
      const stopped = await stackDown(settings);
      console.log(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing of ours was running');
    });
  stack
    .command('status')
    .description('show each service, where it runs and whether it is healthy (the secured Kafka when it runs, or with --secure)')
    .option('--secure', 'show the secured Kafka even when it is not running')
    .option('--outbox', 'show PostgreSQL and Kafka Connect even when they are not running')
    .action(async (opts: { secure?: boolean; outbox?: boolean }) => {
      const status = await stackStatus(settings, { secure: opts.secure === true || secureKafkaRunning(settings), outbox: opts.outbox === true || outboxRunning(settings) });
      printStatus(status, console.log);
      if (status.some((s) => !s.healthy)) process.exitCode = 1;
    });
};
