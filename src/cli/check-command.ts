import type { Command } from 'commander';
import { createCheckPipeline, type CheckPipeline } from '../app/check-pipeline.ts';
import { dueDateOf } from '../consumers/messages.ts';
import { memberFormatOf, memberLineParser } from '../producers/member-lines.ts';
import { schemaReasons, withNullDefaults } from '../producers/validate.ts';
import { maskCprInIdentifiers } from '../rules/ch01/index.ts';
import type { PersonState } from '../rules/rule-set.ts';
import { redactCpr } from '../shared/logger.ts';
import type { CliContext } from './context.ts';
import { readLines } from './lines.ts';
import { readSubmissions } from './ndjson.ts';
import { EXIT, wholeNumber } from './options.ts';

const unreadable = (line: number, code: string, message: string) =>
  JSON.stringify({ line, verdict: 'unreadable', reasons: [{ code, message: redactCpr(message) }] });

/** The CPR numbers a reports file speaks of, so that only their memberships are kept from a national list. */
const cprsIn = async (file: string): Promise<Set<string>> => {
  const cprs = new Set<string>();
  for await (const line of readSubmissions(file)) {
    if (line.ok && typeof line.submission.report.cpr === 'string') cprs.add(line.submission.report.cpr);
  }
  return cprs;
};

/** Applies a membership list (the formats of `hub members import`); bad lines are reported and skipped. */
const loadMembers = async (file: string, pipeline: CheckPipeline, knownFunds: ReadonlySet<string>, wanted: ReadonlySet<string> | undefined): Promise<number> => {
  const parse = memberLineParser(memberFormatOf(file), knownFunds);
  let refused = 0;
  for await (const { line, text } of readLines(file)) {
    const parsed = parse(text);
    if (parsed.kind === 'bad') {
      refused++;
      console.error(`  members line ${line} refused: ${redactCpr(parsed.reasons.map((r) => r.message).join('; '))}`);
    } else if (parsed.kind === 'change' && (!wanted || wanted.has(parsed.change.cpr))) {
      pipeline.member(parsed.change);
    }
  }
  return refused;
};

/**
 * `hub check`: the same rules as the hub, without any service, one NDJSON verdict per line. Each
 * person's state is carried from line to line as the running hub carries it (a delivered chapter 2
 * report sets the kontaktgruppe a later chapter 11 report is judged with); memberships come from
 * `--members`, and a line may declare its person's state (`person`) and moment of reporting
 * (`modtaget`). Without them a report is judged as if received now. A line that cannot be judged
 * gets an `unreadable` verdict with its number, and the lines after it are judged.
 * Exit code 0 when every line was judged, 2 when a line (or a members line) was refused or the input held none.
 */
export const registerCheckCommand = (program: Command, ctx: CliContext, now: () => number): void => {
  program
    .command('check')
    .description('judge reports offline with the hub\'s rules, carrying each person\'s state from line to line; prints one NDJSON verdict per line')
    .requiredOption('-f, --file <file>', 'NDJSON file of reports ("-" for standard input)')
    .option('--members <file>', 'membership list, NDJSON or CSV as for `hub members import` (the a-kasse of each person)')
    .option('--now <instant>', 'judge as if received at this ISO-8601 instant')
    .option('--kontaktgruppe <n>', 'assume this kontaktgruppe (1–9, § 6) for persons no line has given one', wholeNumber('kontaktgruppe', 1, 9))
    .action(async (opts: { file: string; members?: string; now?: string; kontaktgruppe?: number }) => {
      const fixedNow = opts.now ? Date.parse(opts.now) : undefined;
      if (opts.now && !Number.isFinite(fixedNow)) throw new Error(`--now must be an ISO-8601 instant, not "${opts.now}"`);
      const settings = ctx.hub();
      const knownFunds = new Set(settings.funds.map((f) => f.code));
      const pipeline = createCheckPipeline({ knownFunds, routing: settings.routing, ...(opts.kontaktgruppe !== undefined ? { defaultKontaktgruppe: opts.kontaktgruppe } : {}) });
      let judged = 0;
      let refused = 0;
      if (opts.members) refused += await loadMembers(opts.members, pipeline, knownFunds, opts.file === '-' ? undefined : await cprsIn(opts.file));
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
          const base = { line: line.line, indberetningId: maskCprInIdentifiers(report).indberetningId ?? null };
          if (shape.length > 0) {
            judged++;
            console.log(JSON.stringify({ ...base, verdict: 'rejected', paragraph: null, dueDate: null, reasons: shape }));
            continue;
          }
          const declared = rawPerson as PersonState | undefined;
          const { verdict, udfald } = pipeline.judge({ kapitel, report, now: modtaget ?? fixedNow ?? now(), ...(declared ? { person: declared } : {}) });
          judged++;
          console.log(JSON.stringify({
            ...base, verdict: verdict.kind, paragraph: verdict.paragraph, dueDate: dueDateOf(verdict), udfald,
            ...(verdict.kind === 'premature' && verdict.releaseOn ? { releaseOn: verdict.releaseOn } : {}),
            ...(verdict.kind === 'late' ? { daysLate: verdict.daysLate } : {}),
            reasons: verdict.kind === 'on-time' ? [] : verdict.reasons, warnings: verdict.warnings,
          }));
        } catch (error) {
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
