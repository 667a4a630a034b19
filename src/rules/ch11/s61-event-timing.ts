import { addDays, compareDates, copenhagenDate, daysBetween } from '../calendar/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Outcome } from './outcome.ts';
import type { Kapitel11Indberetning } from './report.ts';

/*
 * § 61. For hændelser, der fremgår af §§ 102 til 106 samt §§ 108 og 109 i bekendtgørelse om en
 * aktiv beskæftigelsesindsats, skal registrering og indberetning ske samme dag eller senest dagen
 * efter, at hændelsen har fundet sted.
 *
 * The clock is the event day only: "dagen efter" is the next calendar day, so a Friday event is
 * due on Saturday and a weekend does not extend the deadline. kendskabsdato plays no part here.
 * The report day is the Copenhagen date of `context.now`.
 */
export const s61EventTiming = (report: Kapitel11Indberetning, context: RuleContext): Outcome => {
  const paragraph = '§ 61';
  const reportDay = copenhagenDate(context.now);
  const eventDay = report.haendelsesdato;
  if (compareDates(eventDay, reportDay) > 0) {
    return {
      kind: 'rejected',
      paragraph,
      reasons: [{
        code: 'event-in-future',
        field: 'haendelsesdato',
        message: `haendelsesdato ${eventDay} is after the report day ${reportDay}; a § 61 event is reported after it has happened.`,
      }],
    };
  }
  const dueDate = addDays(eventDay, 1);
  if (compareDates(reportDay, dueDate) <= 0) return { kind: 'on-time', paragraph, dueDate };
  const daysLate = daysBetween(dueDate, reportDay);
  return {
    kind: 'late',
    paragraph,
    dueDate,
    daysLate,
    reasons: [{
      code: 'reported-late',
      field: 'haendelsesdato',
      message: `Reported on ${reportDay}, ${daysLate} day(s) after the deadline ${dueDate}: § 61 requires the same day as haendelsesdato ${eventDay} or the day after.`,
    }],
  };
};
