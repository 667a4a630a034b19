import { addDays, compareDates, copenhagenDate, daysBetween } from '../calendar/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { LocalDate, Paragraph, Reason, Verdict } from '../verdict.ts';
import type { Findings } from './envelope.ts';

/** The Copenhagen day the report counts as registered and reported (the context's `now`). */
export const reportDay = (ctx: RuleContext): LocalDate => copenhagenDate(ctx.now);

/** The Copenhagen day of the case worker's registration (`registreretTidspunkt`, already checked). */
export const registrationDay = (registreretTidspunkt: string): LocalDate => copenhagenDate(Date.parse(registreretTidspunkt));

export const rejected = (paragraph: Paragraph, f: Findings): Verdict => ({
  kind: 'rejected',
  paragraph,
  reasons: f.errors,
  warnings: f.warnings,
});

export const rejectedFor = (paragraph: Paragraph, reason: Reason, f: Findings): Verdict => ({
  kind: 'rejected',
  paragraph,
  reasons: [reason],
  warnings: f.warnings,
});

export const outOfScope = (paragraph: Paragraph, reason: Reason, f: Findings): Verdict => ({
  kind: 'out-of-scope',
  paragraph,
  reasons: [reason],
  warnings: f.warnings,
});

/**
 * "Løbende" (continuously, e.g. § 45): no deadline beyond keeping the data current, so a valid
 * report is on time and its due date is the day it is reported.
 */
export const continuous = (paragraph: Paragraph, ctx: RuleContext, f: Findings): Verdict => ({
  kind: 'on-time',
  paragraph,
  dueDate: reportDay(ctx),
  warnings: f.warnings,
});

const late = (paragraph: Paragraph, dueDate: LocalDate, day: LocalDate, what: string, f: Findings): Verdict => {
  const daysLate = daysBetween(dueDate, day);
  return {
    kind: 'late',
    paragraph,
    dueDate,
    daysLate,
    reasons: [
      {
        code: 'reported-late',
        message: `${what} had to be registered and reported by ${dueDate}; it was reported on ${day}, ${daysLate} day${daysLate === 1 ? '' : 's'} late.`,
      },
    ],
    warnings: f.warnings,
  };
};

/** At the latest on `dueDate` ("senest på"): earlier is on time, later is late. */
export const atTheLatest = (paragraph: Paragraph, dueDate: LocalDate, ctx: RuleContext, what: string, f: Findings): Verdict => {
  const day = reportDay(ctx);
  if (compareDates(day, dueDate) <= 0) return { kind: 'on-time', paragraph, dueDate, warnings: f.warnings };
  return late(paragraph, dueDate, day, what, f);
};

/**
 * On `dueDate` itself ("samme dag"): later is late; earlier is premature, held until the day
 * when `hold` is set, otherwise refused as it stands.
 */
export const sameDay = (
  paragraph: Paragraph,
  dueDate: LocalDate,
  ctx: RuleContext,
  what: string,
  f: Findings,
  hold: boolean,
): Verdict => {
  const day = reportDay(ctx);
  const order = compareDates(day, dueDate);
  if (order === 0) return { kind: 'on-time', paragraph, dueDate, warnings: f.warnings };
  if (order > 0) return late(paragraph, dueDate, day, what, f);
  return {
    kind: 'premature',
    paragraph,
    earliestDate: dueDate,
    ...(hold ? { releaseOn: dueDate } : {}),
    reasons: [
      {
        code: 'reported-early',
        message: `${what} is registered and reported on ${dueDate} itself; it was reported on ${day}, before that day.`,
      },
    ],
    warnings: f.warnings,
  };
};

/** The later of two dates. */
export const laterOf = (a: LocalDate, b: LocalDate): LocalDate => (compareDates(a, b) >= 0 ? a : b);

export { addDays, compareDates, daysBetween };

/**
 * A kendskabsdato after the day of the report is impossible: the municipality cannot report what
 * it has not learned. Adds an error when it is.
 */
export const checkKendskabNotAfterReport = (kendskabsdato: LocalDate | null, ctx: RuleContext, f: Findings): void => {
  if (kendskabsdato === null || kendskabsdato === undefined || f.errors.some((e) => e.field === 'kendskabsdato')) return;
  const day = reportDay(ctx);
  if (compareDates(kendskabsdato, day) > 0) {
    f.errors.push({
      code: 'kendskabsdato-in-future',
      field: 'kendskabsdato',
      message: `kendskabsdato ${kendskabsdato} lies after the day the report was made (${day}); the municipality cannot report what it has not learned yet.`,
    });
  }
};

/** A held interview or meeting cannot lie after the day it is reported. Adds an error when it does. */
export const checkHeldBy = (date: LocalDate, field: string, what: string, ctx: RuleContext, f: Findings): void => {
  const day = reportDay(ctx);
  if (compareDates(date, day) > 0) {
    f.errors.push({
      code: 'held-in-future',
      field,
      message: `${field} ${date} lies after the day of the report (${day}); only ${what} already held can be reported.`,
    });
  }
};
