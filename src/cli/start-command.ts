import type { Command } from 'commander';
import { startHub } from '../app/hub.ts';
import { closeWithin, createHttpServer } from '../http/server.ts';
import { randomBytes } from 'node:crypto';
import { opsServerPlugin, publicPlugins } from '../http/plugins.ts';
import { startAccessContext } from '../http/access-context.ts';
import { DEMO_AFTALE, DEMO_BRUGER } from '../access/index.ts';
import type { CliContext } from './context.ts';
import { HUB_ROLES, rolesFrom, rolesOf } from '../config/settings.ts';

/** Longest a stop may take before the process exits anyway (ms); under container platforms' 10 s. */
const STOP_DEADLINE_MS = 9_000;
/** Longest the web service waits for the requests in flight at a stop; then it closes their connections. */
const REQUEST_GRACE_MS = 4_000;

/**
 * `hub start`: the product on the local stack (or on the services the environment names): the
 * rules consumer, the BullMQ side and the HTTP server, until Ctrl-C or SIGTERM.
 */
export const registerStartCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('start')
    .description('start the hub (bringing up the local stack first when needed) and serve the web service and dashboard')
    .option('--no-http', 'run only the processing (rules consumer, scheduler, workers)')
    .option('--no-stack', 'do not start the local stack; expect the services to run')
    .option('--roles <list>', `what this process runs, comma-separated (${HUB_ROLES.join(', ')}); default HUB_ROLES, else all`)
    .action(async (opts: { http: boolean; stack: boolean; roles?: string }) => {
      const begun = Date.now();
      const chosen = opts.roles === undefined ? undefined : rolesFrom(opts.roles, '--roles');
      const services = await ctx.connect({ ensureStack: opts.stack, clientId: 'hub', logLevel: ctx.env.HUB_LOG_LEVEL || 'info' });
      const roles = chosen ?? rolesOf(services.settings);
      // Connection agreements (§ 1) gate Kafka and HTTP alike; the demo's own agreement is made once (docs/access.md).
      const access = await startAccessContext(services, { receiptIndex: roles.has('receipts') });
      const demoKey = await access.agreements.ensure(DEMO_AFTALE, 'hub start');
      const demoPassword = (await access.users.exists(DEMO_AFTALE.id, DEMO_BRUGER)) ? undefined : await access.users.add(DEMO_AFTALE.id, DEMO_BRUGER);
      const hub = await startHub(services, { roles, ...(services.settings.requireAgreement === false ? {} : { admission: access.cache.admission }) });
      const deps = { services, hub, health: async () => (await ctx.stack?.status()) ?? [], access };
      const { ops } = services.settings;
      // Without HUB_OPS_PASSWORD the operations server gets a password for this run only, printed below.
      const opsCredentials = { username: ops.username, password: ops.password ?? randomBytes(18).toString('base64url') };
      const http = opts.http ? await createHttpServer({ logger: services.logger, plugins: publicPlugins(deps) }) : undefined;
      const opsHttp = opts.http ? await createHttpServer({ logger: services.logger, plugins: [opsServerPlugin(deps, opsCredentials)] }) : undefined;
      const address = http ? await http.listen({ host: '127.0.0.1', port: services.settings.httpPort }) : undefined;
      const opsAddress = opsHttp ? await opsHttp.listen({ host: '127.0.0.1', port: ops.httpPort }) : undefined;
      // A stop first closes the HTTP server (no new request; those in flight are answered within
      // REQUEST_GRACE_MS, keep-alive connections closed once idle), then lets the rules consumer finish
      // the transaction in flight and leave its group while the other components and the web
      // service's companions stop beside it. A second signal, or STOP_DEADLINE_MS passing, ends the
      // process at once: it is at-least-once safe, as a crash is.
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) {
          services.logger.warn({ signal }, 'second signal: exiting without waiting');
          process.exit(1);
        }
        stopping = true;
        const begun = Date.now();
        services.logger.info({ signal }, 'stopping: no new requests; finishing the work in flight');
        // Each part of the stop is named while it runs, so an overrun says which part was waited for.
        const parts = new Set<string>();
        const part = async (name: string, work: () => Promise<unknown> | undefined) => {
          parts.add(name);
          await work();
          parts.delete(name);
        };
        const deadline = setTimeout(() => {
          services.logger.error({ ms: STOP_DEADLINE_MS, waitingFor: [...parts, ...hub.stillStopping()] },
            'stop did not finish in time: exiting; uncommitted work is read again at the next start');
          process.exit(1);
        }, STOP_DEADLINE_MS);
        deadline.unref();
        await part('http server', () => http && closeWithin(http, REQUEST_GRACE_MS, services.logger));
        await Promise.all([part('operations http server', () => opsHttp && closeWithin(opsHttp, REQUEST_GRACE_MS, services.logger)), part('hub', () => hub.stop()), part('web service context', () => access.close())]);
        await part('service connections', () => services.close());
        services.logger.info({ ms: Date.now() - begun }, 'stopped');
        process.exit(0);
      };
      // A consumer that kafkajs will not restart leaves a process that answers but no longer reads
      // that group's partitions: it ends instead (exit 1), and whoever runs it starts it again, as
      // after a crash; its partitions go to the live members meanwhile.
      void services.consumerStopped.then(({ groupId }) => {
        if (stopping) return;
        services.logger.fatal({ groupId }, 'exiting: a consumer stopped for good; a restart takes its partitions up again');
        process.exit(1);
      });
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
      services.logger.info({ roles: [...roles], ms: Date.now() - begun }, 'hub started');
      if (!process.stdout.isTTY && !opts.http) return;
      const { topics, settings } = services;
      console.log(`\nhub running (ready in ${((Date.now() - begun) / 1000).toFixed(1)} s)${roles.size < HUB_ROLES.length ? `, roles ${[...roles].join(', ')} only` : ''}\n`);
      await ctx.stack?.printStatus(console.log);
      if (address && opsAddress) {
        console.log(`\n  registration page  ${address}/registrering`);
        console.log(`  web service        ${address}/api/v1/indberetninger   (OpenAPI: ${address}/api/openapi.json)`);
        console.log(`  health             ${address}/health`);
        console.log(`\n  dashboard          ${opsAddress}/`);
        console.log(`  metrics            ${opsAddress}/metrics      (operations server: user ${opsCredentials.username}${ops.password ? ', HUB_OPS_PASSWORD' : `, password for this run ${opsCredentials.password}`})`);
      }
      if (demoKey) console.log(`\n  API key of the demo agreement ${DEMO_AFTALE.id} (shown once): ${demoKey}`);
      if (demoPassword) console.log(`  registration page sign-in (shown once): aftale ${DEMO_AFTALE.id}, bruger ${DEMO_BRUGER}, adgangskode ${demoPassword}`);
      console.log(`\n  inbound topic      ${topics.indberetninger}`);
      console.log(`  fund topics        ${settings.funds.map((f) => topics.fund(f.code)).join(', ')}`);
      console.log(`\n  try it, in another terminal:`);
      console.log(`    npx hub demo --count 5 && npx hub tail --fund aak --from-beginning --max 5`);
      console.log(`  stop with Ctrl-C; the local stack keeps running (npx hub stack down stops it)\n`);
    });
};
