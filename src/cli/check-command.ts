import type { Command } from 'commander';
import { decide } from '../app/rules.ts';
import { schemaReasons, withNullDefaults } from '../producers/validate.ts';
import type { PersonState } from '../rules/rule-set.ts';
import { dueDateOf } from '../consumers/messages.ts';
import { redactCpr } from '../shared/logger.ts';
import { readSubmissions } from './ndjson.ts';
import { EXIT, wholeNumber } from './options.ts';

const unreadable = (line: number, code: string, message: string) =>
  JSON.stringify({ line, verdict: 'unreadable', reasons: [{ code, message: redactCpr(message) }] });

/**
 * `hub check`: the same rules as the hub, without any service, one NDJSON verdict per line.
 * The person's state and the moment of reporting can be given per line (`person`, `modtaget`)
 * or for all lines (`--now`); without them a report is judged as if received now. A line that
 * cannot be judged gets an `unreadable` verdict with its number, and the lines after it are judged.
 * Exit code 0 when every line was judged, 2 when a line was unreadable or the input held none.
 */
export const registerCheckCommand = (program: Command, now: () => number): void => {
  program
    .command('check')
    .description('judge reports offline with the hub\'s rules; prints one NDJSON verdict per line')
    .requiredOption('-f, --file <file>', 'NDJSON file of reports ("-" for standard input)')
    .option('--now <instant>', 'judge as if received at this ISO-8601 instant')
    .option('--kontaktgruppe <n>', 'assume this kontaktgruppe (1–9, § 6) for persons whose line gives none', wholeNumber('kontaktgruppe', 1, 9))
    .action(async (opts: { file: string; now?: string; kontaktgruppe?: number }) => {
      const fixedNow = opts.now ? Date.parse(opts.now) : undefined;
      if (opts.now && !Number.isFinite(fixedNow)) throw new Error(`--now must be an ISO-8601 instant, not "${opts.now}"`);
      let judged = 0;
      let refused = 0;
      for await (const line of readSubmissions(opts.file)) {
        if (!line.ok) {
          console.log(unreadable(line.line, 'invalid-json', line.error));
          refused++;
          continue;
        }
        const { modtaget: rawModtaget, person: rawPerson } = line.extra;
        const modtaget = rawModtaget === undefined || rawModtaget === null ? undefined : typeof rawModtaget === 'string' ? Date.parse(rawModtaget) : Number.NaN;
        if (modtaget !== undefined && !Number.isFinite(modtaget)) {
          console.log(unreadable(line.line, 'invalid-modtaget', `line ${line.line}: "modtaget" must be an ISO-8601 instant, not ${JSON.stringify(rawModtaget)}`));
          refused++;
          continue;
        }
        if (rawPerson !== undefined && (typeof rawPerson !== 'object' || rawPerson === null || Array.isArray(rawPerson))) {
          console.log(unreadable(line.line, 'invalid-person', `line ${line.line}: "person" must be an object such as {"kontaktgruppe": 1}`));
          refused++;
          continue;
        }
        try {
          const { kapitel } = line.submission;
          const report = withNullDefaults(kapitel, line.submission.report);
          const shape = schemaReasons(kapitel, report);
          const base = { line: line.line, indberetningId: report.indberetningId ?? null };
          judged++;
          if (shape.length > 0) {
            console.log(JSON.stringify({ ...base, verdict: 'rejected', paragraph: null, dueDate: null, reasons: shape }));
            continue;
          }
          const person = (rawPerson as PersonState | undefined) ?? (opts.kontaktgruppe !== undefined ? { kontaktgruppe: opts.kontaktgruppe } : {});
          const verdict = decide(kapitel, report, { now: modtaget ?? fixedNow ?? now(), person });
          console.log(JSON.stringify({
            ...base, verdict: verdict.kind, paragraph: verdict.paragraph, dueDate: dueDateOf(verdict),
            ...(verdict.kind === 'premature' && verdict.releaseOn ? { releaseOn: verdict.releaseOn } : {}),
            ...(verdict.kind === 'late' ? { daysLate: verdict.daysLate } : {}),
            reasons: verdict.kind === 'on-time' ? [] : verdict.reasons, warnings: verdict.warnings,
          }));
        } catch (error) {
          judged--;
          refused++;
          console.log(unreadable(line.line, 'not-judged', `line ${line.line} could not be judged: ${(error as Error).message}`));
        }
      }
      if (judged + refused === 0) {
        console.error(`hub: ${opts.file === '-' ? 'standard input' : opts.file} holds no reports (no non-blank line)`);
        process.exitCode = EXIT.inputRefused;
      } else if (refused > 0) {
        console.error(`hub: ${judged} line(s) judged, ${refused} unreadable`);
        process.exitCode = EXIT.inputRefused;
      }
    });
};
