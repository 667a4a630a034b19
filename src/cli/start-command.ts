import type { Command } from 'commander';
import { startHub } from '../app/hub.ts';
import { createHttpServer } from '../http/server.ts';
import { hubPlugins } from '../http/plugins.ts';
import { startAccessContext } from '../http/access-context.ts';
import { DEMO_AFTALE } from '../access/index.ts';
import { stackStatus } from '../../infra/index.ts';
import type { CliContext } from './context.ts';
import { printStatus } from './stack-command.ts';

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
    .action(async (opts: { http: boolean; stack: boolean }) => {
      const begun = Date.now();
      const services = await ctx.connect({ ensureStack: opts.stack, clientId: 'hub', logLevel: ctx.env.HUB_LOG_LEVEL || 'info' });
      // Connection agreements (§ 1) gate Kafka and HTTP alike; the demo's own agreement is made once (docs/access.md).
      const access = await startAccessContext(services);
      const demoKey = await access.agreements.ensure(DEMO_AFTALE, 'hub start');
      const hub = await startHub(services, services.settings.requireAgreement === false ? {} : { admission: access.cache.admission });
      const http = opts.http ? await createHttpServer({ logger: services.logger, plugins: hubPlugins({ services, hub, stack: ctx.stack, access }) }) : undefined;
      const address = http ? await http.listen({ host: '127.0.0.1', port: services.settings.httpPort }) : undefined;
      const stop = async (signal: string) => {
        services.logger.info({ signal }, 'stopping');
        await http?.close();
        await hub.stop();
        await access.close();
        await services.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      if (!process.stdout.isTTY && !opts.http) return;
      const { topics, settings } = services;
      console.log(`\nhub running (ready in ${((Date.now() - begun) / 1000).toFixed(1)} s)\n`);
      printStatus(await stackStatus(ctx.stack), console.log);
      if (address) {
        console.log(`\n  dashboard          ${address}/`);
        console.log(`  registration page  ${address}/registrering`);
        console.log(`  web service        ${address}/api/v1/indberetninger   (OpenAPI: ${address}/api/openapi.json)`);
        console.log(`  metrics            ${address}/metrics      health: ${address}/health`);
      }
      if (demoKey) console.log(`\n  API key of the demo agreement ${DEMO_AFTALE.id} (shown once): ${demoKey}`);
      console.log(`\n  inbound topic      ${topics.indberetninger}`);
      console.log(`  fund topics        ${settings.funds.map((f) => topics.fund(f.code)).join(', ')}`);
      console.log(`\n  try it, in another terminal:`);
      console.log(`    npx hub demo --count 5 && npx hub tail --fund aak --from-beginning --max 5`);
      console.log(`  stop with Ctrl-C; the local stack keeps running (npx hub stack down stops it)\n`);
    });
};
