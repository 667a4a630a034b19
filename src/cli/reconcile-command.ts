import type { Command } from 'commander';
import { readAfvigelser } from '../ops/index.ts';
import { afvigelserCsv, afvigelserTable, selectAfvigelser } from '../reconciliation/index.ts';
import { checkKommunekode } from '../rules/identifiers/index.ts';
import { HubError } from '../shared/errors.ts';
import type { CliContext } from './context.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (name: string) => (value: string): string => {
  if (!DAY.test(value) || Number.isNaN(Date.parse(value))) throw new HubError('CONFIG_INVALID', `--${name} must be a day, YYYY-MM-DD, not "${value}"`);
  return value;
};
const kommune = (value: string): string => {
  const check = checkKommunekode(value, '--kommune');
  if (!check.ok) throw new HubError('CONFIG_INVALID', check.errors.map((e) => e.message).join('; '));
  return value;
};

/**
 * `hub reconcile --kommune N --from D --to D [--csv] [--open]`: the discrepancies between a
 * municipality's registrations and its grants and payments whose period overlaps from–to, open
 * and closed (with when), as a table or CSV on stdout. Read-only: it reads the discrepancy topic.
 */
export const registerReconcileCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('reconcile')
    .description('discrepancies between registrations and grants or payments (§§ 9, 45, 51, 56, 65) for a kommune and period')
    .option('--kommune <kode>', 'the municipality, three digits (every municipality when left out)', kommune)
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD', day('from'))
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD, included', day('to'))
    .option('--csv', 'CSV instead of a table')
    .option('--open', 'only discrepancies still open')
    .action(async (opts: { kommune?: string; from: string; to: string; csv?: boolean; open?: boolean }) => {
      if (opts.from > opts.to) throw new HubError('CONFIG_INVALID', `--from ${opts.from} is after --to ${opts.to}`);
      const services = await ctx.connect({ clientId: 'hub-reconcile', readOnly: true });
      try {
        const rows = selectAfvigelser(await readAfvigelser(services), { ...(opts.kommune ? { kommunekode: opts.kommune } : {}), from: opts.from, to: opts.to, kunAabne: opts.open ?? false });
        process.stdout.write(opts.csv ? afvigelserCsv(rows) : afvigelserTable(rows));
      } finally {
        await services.close();
      }
    });
};
