import type { Command } from 'commander';
import { decide } from '../app/rules.ts';
import { schemaReasons, withNullDefaults } from '../producers/validate.ts';
import { maskCprInIdentifiers } from '../rules/ch01/index.ts';
import type { PersonState } from '../rules/rule-set.ts';
import { dueDateOf } from '../consumers/messages.ts';
import { readSubmissions } from './ndjson.ts';

/**
 * `hub check`: the same rules as the hub, without any service, one NDJSON verdict per line.
 * The person's state and the moment of reporting can be given per line (`person`, `modtaget`)
 * or for all lines (`--now`); without them a report is judged as if received now.
 */
export const registerCheckCommand = (program: Command, now: () => number): void => {
  program
    .command('check')
    .description('judge reports offline with the hub\'s rules; prints one NDJSON verdict per line')
    .requiredOption('-f, --file <file>', 'NDJSON file of reports ("-" for standard input)')
    .option('--now <instant>', 'judge as if received at this ISO-8601 instant')
    .option('--kontaktgruppe <n>', 'assume this kontaktgruppe for persons whose line gives none', (v) => Number(v))
    .action(async (opts: { file: string; now?: string; kontaktgruppe?: number }) => {
      const fixedNow = opts.now ? Date.parse(opts.now) : undefined;
      if (opts.now && !Number.isFinite(fixedNow)) throw new Error(`--now must be an ISO-8601 instant, not "${opts.now}"`);
      for await (const line of readSubmissions(opts.file)) {
        if (!line.ok) {
          console.log(JSON.stringify({ line: line.line, verdict: 'unreadable', reasons: [{ code: 'invalid-json', message: line.error }] }));
          process.exitCode = 1;
          continue;
        }
        const { kapitel } = line.submission;
        const report = withNullDefaults(kapitel, line.submission.report);
        const shape = schemaReasons(kapitel, report);
        const base = { line: line.line, indberetningId: maskCprInIdentifiers(report).indberetningId ?? null };
        if (shape.length > 0) {
          console.log(JSON.stringify({ ...base, verdict: 'rejected', paragraph: null, dueDate: null, reasons: shape }));
          continue;
        }
        const modtaget = typeof line.extra.modtaget === 'string' ? Date.parse(line.extra.modtaget) : undefined;
        const person = (line.extra.person as PersonState | undefined) ?? (opts.kontaktgruppe !== undefined ? { kontaktgruppe: opts.kontaktgruppe } : {});
        const verdict = decide(kapitel, report, { now: modtaget ?? fixedNow ?? now(), person });
        console.log(JSON.stringify({
          ...base, verdict: verdict.kind, paragraph: verdict.paragraph, dueDate: dueDateOf(verdict),
          ...(verdict.kind === 'premature' && verdict.releaseOn ? { releaseOn: verdict.releaseOn } : {}),
          ...(verdict.kind === 'late' ? { daysLate: verdict.daysLate } : {}),
          reasons: verdict.kind === 'on-time' ? [] : verdict.reasons, warnings: verdict.warnings,
        }));
      }
    });
};
