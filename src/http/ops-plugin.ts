import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { groupNames } from '../app/hub.ts';
import { queueNames } from '../delivery/queues.ts';
import { asyncApiDocument, createOpsView, type OpsView } from '../ops/index.ts';
import { installRoot } from '../shared/paths.ts';
import type { HttpDeps } from './plugins.ts';

const dashboardDir = path.join(installRoot(), 'src', 'ops', 'dashboard');
// chart.js's package exports hide dist/; resolve the package and take its UMD build beside it.
const chartJsFile = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The operations dashboard at `/` and its JSON: `/api/ops/overview` (everything the page shows),
 * `/api/ops/lag[?group=G]`, `/api/ops/compliance?from=&to=`, `/api/ops/afstemning?kommune=&from=&to=[&open=true]`
 * (reconciliation's discrepancies, as `hub reconcile` prints them), and the subscriber kit's
 * `/api/asyncapi.json`. Served on the operations server only (`opsServerPlugin`). The view behind them is opened on first use and closed with the server.
 */
export const opsPlugin = (deps: HttpDeps): FastifyPluginAsync => async (app) => {
  const { services } = deps;
  let view: Promise<OpsView> | undefined;
  const opsView = () => (view ??= createOpsView({
    kafka: services.kafka, codec: services.codec, topics: services.topics, redis: services.redis, logger: services.logger,
    targets: { groups: groupNames(services.settings.topicPrefix), queues: queueNames(services.settings.topicPrefix) },
  }).catch((error: unknown) => { view = undefined; throw error; }));
  app.addHook('onClose', async () => { if (view) await (await view).stop(); });

  await app.register(fastifyStatic, { root: dashboardDir, prefix: '/dashboard/', decorateReply: false, index: false });
  const page = fs.readFileSync(path.join(dashboardDir, 'index.html'), 'utf8');
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/dashboard/chart.umd.min.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=86400').send(fs.createReadStream(chartJsFile)));

  app.get('/api/ops/overview', async (_request, reply) => reply.header('cache-control', 'no-store').send(await (await opsView()).overview()));

  app.get<{ Querystring: { group?: string | string[] } }>('/api/ops/lag', async (request, reply) => {
    const groups = request.query.group === undefined ? undefined : ([] as string[]).concat(request.query.group);
    return reply.header('cache-control', 'no-store').send({ rows: await (await opsView()).lag(groups) });
  });

  app.get<{ Querystring: { from?: string; to?: string } }>('/api/ops/compliance', async (request, reply) => {
    const { from, to } = request.query;
    if ((from && !DAY.test(from)) || (to && !DAY.test(to)) || Boolean(from) !== Boolean(to)) return reply.code(400).send({ error: 'give both from and to, as days: YYYY-MM-DD' });
    const v = await opsView();
    return reply.send(from && to ? await v.complianceFor({ from, to }) : v.compliance());
  });

  app.get<{ Querystring: { kommune?: string; from?: string; to?: string; open?: string } }>('/api/ops/afstemning', async (request, reply) => {
    const { kommune, from, to, open } = request.query;
    if (!from || !to || !DAY.test(from) || !DAY.test(to)) return reply.code(400).send({ error: 'give from and to, as days: YYYY-MM-DD' });
    if (kommune !== undefined && !/^\d{3}$/.test(kommune)) return reply.code(400).send({ error: 'kommune is a kommunekode, three digits' });
    const v = await opsView();
    return reply.header('cache-control', 'no-store').send(v.afstemning({ ...(kommune ? { kommunekode: kommune } : {}), from, to, kunAabne: open === 'true' }));
  });

  await app.register(asyncApiPlugin(deps));
};

/** The subscriber kit's AsyncAPI document: on the public server for the funds, and beside the dashboard. */
export const asyncApiPlugin = (deps: HttpDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/asyncapi.json', async () => asyncApiDocument({ settings: deps.services.settings, topics: deps.services.topics }));
};
