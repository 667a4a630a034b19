import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { groupNames } from '../app/hub.ts';
import type { Services } from '../app/services.ts';
import { topicNames } from '../config/topics.ts';
import {
  asyncApiDocument, complianceCsv, readInstances, withOwners, complianceTable, createLagReader, hubLagTargets, lagTable, listDeadLetters, matchesId, readCompliance,
  replayDeadLetters, selectDeadLetters, textTable, type DeadLetter, type DeadLetterSelector,
} from '../ops/index.ts';
import { HubError } from '../shared/errors.ts';
import { redactCpr } from '../shared/logger.ts';
import type { CliContext } from './context.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Read-only commands start no service, create no topic and register no schema. */
const withServices = async <T>(ctx: CliContext, clientId: string, run: (services: Services) => Promise<T>, access: 'read' | 'write' = 'read'): Promise<T> => {
  const services = await ctx.connect({ clientId, readOnly: access === 'read' });
  try {
    return await run(services);
  } finally {
    await services.close();
  }
};

const day = (name: string) => (value: string): string => {
  if (!DAY.test(value) || Number.isNaN(Date.parse(value))) throw new HubError('CONFIG_INVALID', `--${name} must be a day, YYYY-MM-DD, not "${value}"`);
  return value;
};

const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** `hub lag`, `hub compliance`, `hub dlq …` and `hub asyncapi`: the operations commands. */
export const registerOpsCommands = (program: Command, ctx: CliContext): void => {
  program
    .command('lag')
    .description('consumer lag of the hub\'s groups and every group reading a fund topic (the figures the dashboard shows)')
    .option('--group <id>', 'only this consumer group (repeatable, or comma-separated)', list)
    .option('--json', 'print JSON rows instead of a table')
    .action(async (opts: { group?: string[]; json?: boolean }) => {
      await withServices(ctx, 'hub-lag', async ({ kafka, topics, settings, redis }) => {
        const admin = kafka.admin();
        await admin.connect();
        try {
          const lag = await createLagReader(admin, hubLagTargets(topics, groupNames(settings.topicPrefix))).read(opts.group);
          const rows = withOwners(lag, topics.indberetninger, await readInstances(redis, settings.topicPrefix));
          process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : lagTable(rows));
        } finally {
          await admin.disconnect();
        }
      });
    });

  program
    .command('compliance')
    .description('reports on time, late, premature, rejected and missing per kommune and paragraph over a period')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD (Copenhagen)', day('from'))
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD (Copenhagen), included', day('to'))
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { from: string; to: string; format: string }) => {
      if (!['table', 'csv', 'json'].includes(opts.format)) throw new HubError('CONFIG_INVALID', `--format must be table, csv or json, not "${opts.format}"`);
      if (opts.from > opts.to) throw new HubError('CONFIG_INVALID', `--from ${opts.from} is after --to ${opts.to}`);
      await withServices(ctx, 'hub-compliance', async (services) => {
        const rows = await readCompliance(services, { from: opts.from, to: opts.to });
        process.stdout.write(opts.format === 'json' ? `${JSON.stringify({ period: { from: opts.from, to: opts.to }, rows }, null, 2)}\n` : opts.format === 'csv' ? complianceCsv(rows) : complianceTable(rows));
      });
    });

  const dlq = program.command('dlq').description('dead letters: why reports failed, and replaying them after a fix');
  dlq
    .command('list')
    .description('every dead letter with its code, reason and whether it was replayed')
    .option('--code <code>', 'only this error code')
    .option('--json', 'print JSON (without the original bytes)')
    .action(async (opts: { code?: string; json?: boolean }) => {
      await withServices(ctx, 'hub-dlq', async (services) => {
        const all = (await listDeadLetters(services)).filter((d) => !opts.code || d.kode === opts.code);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(all.map(({ original, ...d }) => ({ ...d, originalBytes: original.length })), null, 2)}\n`);
          return;
        }
        process.stdout.write(textTable(['ID', 'INDBERETNING', 'KODE', 'TIDSPUNKT', 'GENAFSPILLET', 'ÅRSAG'],
          all.map((d) => [d.id, d.indberetningId ?? '-', d.kode, d.tidspunkt, d.replayed ? d.replayed.at : '-', d.aarsag.length > 90 ? `${d.aarsag.slice(0, 89)}…` : d.aarsag])));
        process.stderr.write(`${all.length} dead letter(s), ${all.filter((d) => d.replayed).length} replayed\n`);
      });
    });

  dlq
    .command('show <id>')
    .description('one dead letter in full: <partition>:<offset>, a bare offset, or the report id')
    .option('--show-cpr', 'print CPR numbers unredacted')
    .action(async (id: string, opts: { showCpr?: boolean }) => {
      await withServices(ctx, 'hub-dlq', async (services) => {
        const found = (await listDeadLetters(services)).filter((d) => matchesId(d, id));
        if (found.length === 0) throw new HubError('NOT_FOUND', `no dead letter matches "${id}"`);
        for (const d of found) {
          const report = await services.codec.decodeInbound(d.original).then((r) => r, (error: Error) => ({ undecodable: error.message }));
          const { original, ...rest } = d;
          const text = JSON.stringify({ ...rest, original: { bytes: original.length, base64: original.toString('base64') }, report }, null, 2);
          process.stdout.write(`${opts.showCpr ? text : redactCpr(text)}\n`);
        }
      });
    });

  dlq
    .command('replay')
    .description('send chosen dead letters\' original bytes back to the inbound topic (original key) for a fresh verdict')
    .option('--ids <ids>', 'dead-letter ids (<partition>:<offset>), bare offsets or report ids; comma-separated', list)
    .option('--code <code>', 'every dead letter with this error code')
    .option('--all', 'every dead letter')
    .option('--include-replayed', 'replay ones replayed before, too')
    .option('--include-undecodable', 'replay DECODE_FAILED ones too (they fail again unless the registry was the fix)')
    .option('--dry-run', 'say what would be replayed, send nothing')
    .action(async (opts: { ids?: string[]; code?: string; all?: boolean; includeReplayed?: boolean; includeUndecodable?: boolean; dryRun?: boolean }) => {
      const chosenKinds = [opts.ids ? 1 : 0, opts.code ? 1 : 0, opts.all ? 1 : 0].reduce((a, b) => a + b, 0);
      if (chosenKinds !== 1) throw new HubError('CONFIG_INVALID', 'say what to replay: exactly one of --ids, --code or --all');
      const selector: DeadLetterSelector = opts.ids ? { kind: 'ids', ids: opts.ids } : opts.code ? { kind: 'code', code: opts.code } : { kind: 'all' };
      await withServices(ctx, 'hub-dlq', async (services) => {
        const all = await listDeadLetters(services);
        const { chosen, skipped } = selectDeadLetters(all, selector, { inboundTopic: services.topics.indberetninger, includeReplayed: Boolean(opts.includeReplayed), includeUndecodable: Boolean(opts.includeUndecodable) });
        for (const s of skipped) process.stderr.write(`skipped ${s.deadLetter.id} (${s.deadLetter.kode}): ${s.why}\n`);
        if (selector.kind === 'ids') {
          const unmatched = selector.ids.filter((id) => !all.some((d: DeadLetter) => matchesId(d, id)));
          if (unmatched.length > 0) process.stderr.write(`no dead letter matches: ${unmatched.join(', ')}\n`);
        }
        if (opts.dryRun || chosen.length === 0) {
          process.stdout.write(`${opts.dryRun ? 'would replay' : 'nothing to replay'}${chosen.length > 0 ? `: ${chosen.map((d) => d.id).join(', ')}` : ''}\n`);
          return;
        }
        const bar = new cliProgress.SingleBar({ format: 'replaying [{bar}] {value}/{total}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 500 }, cliProgress.Presets.shades_classic);
        bar.start(chosen.length, 0);
        const done = await replayDeadLetters(services, chosen, (n) => bar.update(n)).finally(() => bar.stop());
        for (const r of done) process.stdout.write(`replayed ${r.id} → ${r.to}\n`);
        process.stdout.write(`${done.length} replayed; each gets a fresh verdict and receipt (a report delivered meanwhile gets DUBLET)\n`);
      }, 'write');
    });

  program
    .command('asyncapi')
    .description('print the AsyncAPI 3 document of what funds and reporting systems can read (hub asyncapi > asyncapi.json)')
    .action(() => {
      const settings = ctx.hub();
      process.stdout.write(`${JSON.stringify(asyncApiDocument({ settings, topics: topicNames(settings.topicPrefix) }), null, 2)}\n`);
    });
};
