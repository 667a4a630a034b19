import { addDays, compareDates, copenhagenDate, daysBetween } from '../calendar/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { LocalDate, Paragraph } from '../verdict.ts';
import type { Outcome } from './outcome.ts';
import type { Kapitel11Indberetning, Tilbud } from './report.ts';

// Every rule here assumes s63RequiredFields has passed: the tilbud is present with real dates.

const late = (paragraph: Paragraph, dueDate: LocalDate, reportDay: LocalDate, field: string, rule: string): Outcome => {
  const daysLate = daysBetween(dueDate, reportDay);
  return {
    kind: 'late',
    paragraph,
    dueDate,
    daysLate,
    reasons: [{ code: 'reported-late', field, message: `Reported on ${reportDay}, ${daysLate} day(s) after the deadline ${dueDate}: ${rule}` }],
  };
};

/*
 * § 62 stk. 1 nr. 1. Indberetning af et tilbuds påbegyndelse skal tidligst ske på datoen for
 * tilbuddets afgivelse og senest på datoen for tilbuddets påbegyndelse.
 *
 * Before the offer is given there is nothing to report: premature, and refused (no releaseOn),
 * since the offer as reported may never be given.
 */
export const s62OfferStart = (tilbud: Tilbud, reportDay: LocalDate): Outcome => {
  const paragraph = '§ 62 stk. 1 nr. 1';
  // s63RequiredFields refuses a start without afgivelsesdato before this rule runs.
  const given = tilbud.afgivelsesdato ?? tilbud.startdato;
  if (compareDates(reportDay, given) < 0) {
    return {
      kind: 'premature',
      paragraph,
      earliestDate: given,
      reasons: [{
        code: 'before-offer-given',
        field: 'tilbud.afgivelsesdato',
        message: `Reported on ${reportDay}, before tilbud.afgivelsesdato ${tilbud.afgivelsesdato}: an offer’s start is reported at the earliest on the day the offer is given.`,
      }],
    };
  }
  if (compareDates(reportDay, tilbud.startdato) <= 0) return { kind: 'on-time', paragraph, dueDate: tilbud.startdato };
  return late(paragraph, tilbud.startdato, reportDay, 'tilbud.startdato', `an offer’s start is reported at the latest on tilbud.startdato ${tilbud.startdato}.`);
};

/*
 * § 62 stk. 1 nr. 2. Der skal ske indberetning af et tilbuds afslutning på slutdatoen for tilbuddet.
 *
 * A case system that sends the end early has done its part; the hub holds the report and
 * releases it on the end date (premature with releaseOn).
 */
export const s62OfferEnd = (tilbud: Tilbud, reportDay: LocalDate): Outcome => {
  const paragraph = '§ 62 stk. 1 nr. 2';
  const order = compareDates(reportDay, tilbud.slutdato);
  if (order < 0) {
    return {
      kind: 'premature',
      paragraph,
      earliestDate: tilbud.slutdato,
      releaseOn: tilbud.slutdato,
      reasons: [{
        code: 'before-offer-end',
        field: 'tilbud.slutdato',
        message: `Reported on ${reportDay}, before tilbud.slutdato ${tilbud.slutdato}: an offer’s end is reported on its end date, so the hub holds it until then.`,
      }],
    };
  }
  if (order === 0) return { kind: 'on-time', paragraph, dueDate: tilbud.slutdato };
  return late(paragraph, tilbud.slutdato, reportDay, 'tilbud.slutdato', `an offer’s end is reported on tilbud.slutdato ${tilbud.slutdato}.`);
};

/*
 * § 62 stk. 1 nr. 3. Hvis der i løbet af tilbuddet sker ændringer i tilbuddets start- og eller
 * slutdato samt i det gennemsnitlige ugentlige timetal, skal registrering og indberetning ske
 * samme dag eller senest dagen efter, at ændringen er kommet til jobcenterets kendskab.
 * Nr. 4. Hvis jobcenteret efter slutdatoen får oplysninger om ændringer i tilbuddets start-
 * og/eller slutdato, skal registrering og indberetning ske samme dag eller senest dagen efter, at
 * ændringen er kommet til jobcenterets kendskab.
 * Nr. 5. Hvis jobcenteret efter slutdatoen får oplysninger om ændringer i det gennemsnitlige
 * ugentlige timetal (for det samlede forløb) […], skal der ske registrering og indberetning heraf
 * samme dag eller senest dagen efter, at ændringen er kommet til jobcenterets kendskab.
 *
 * All three share one deadline: the knowledge day or the day after. They differ only in when the
 * jobcentre learned: up to and including tilbud.slutdato (as reported, i.e. the current end
 * date) is "i løbet af tilbuddet", nr. 3; after it is nr. 4–5. Which of nr. 4 and 5 cannot be told
 * without the previous values, so the verdict cites both. kendskabsdato defaults to
 * haendelsesdato; it may not precede the change nor lie after the report day.
 */
export const s62OfferChange = (report: Kapitel11Indberetning, tilbud: Tilbud, reportDay: LocalDate): Outcome => {
  const kendskab = report.kendskabsdato ?? report.haendelsesdato;
  const field = report.kendskabsdato === null ? 'haendelsesdato' : 'kendskabsdato';
  const afterEnd = compareDates(kendskab, tilbud.slutdato) > 0;
  const paragraph = afterEnd ? '§ 62 stk. 1 nr. 4-5' : '§ 62 stk. 1 nr. 3';
  if (compareDates(kendskab, report.haendelsesdato) < 0) {
    return {
      kind: 'rejected',
      paragraph,
      reasons: [{
        code: 'knowledge-before-event',
        field: 'kendskabsdato',
        message: `kendskabsdato ${kendskab} is before haendelsesdato ${report.haendelsesdato}: the jobcentre cannot learn of a change before it happens.`,
      }],
    };
  }
  if (compareDates(kendskab, reportDay) > 0) {
    return {
      kind: 'rejected',
      paragraph,
      reasons: [{
        code: 'knowledge-in-future',
        field,
        message: `${field} ${kendskab} is after the report day ${reportDay}: the jobcentre cannot report a change before it learns of it.`,
      }],
    };
  }
  const dueDate = addDays(kendskab, 1);
  if (compareDates(reportDay, dueDate) <= 0) return { kind: 'on-time', paragraph, dueDate };
  const when = afterEnd ? `learned after tilbud.slutdato ${tilbud.slutdato}` : 'learned during the offer';
  return late(paragraph, dueDate, reportDay, field, `a change ${when} is reported on ${field} ${kendskab} or the day after.`);
};

/** § 62 stk. 1: the timing of an offer event, by event type; the report day is copenhagenDate(now). */
export const s62OfferTiming = (report: Kapitel11Indberetning, context: RuleContext): Outcome => {
  const reportDay = copenhagenDate(context.now);
  const tilbud = report.tilbud;
  if (tilbud === null) {
    return { kind: 'rejected', paragraph: '§ 63 stk. 3', reasons: [{ code: 'missing-field', field: 'tilbud', message: 'tilbud (§ 63 stk. 3) is required for § 62 offer events.' }] };
  }
  switch (report.haendelsestype) {
    case 'tilbud-start':
      return s62OfferStart(tilbud, reportDay);
    case 'tilbud-slut':
      return s62OfferEnd(tilbud, reportDay);
    case 'tilbud-aendring':
      return s62OfferChange(report, tilbud, reportDay);
    default:
      return {
        kind: 'rejected',
        paragraph: '§ 62',
        reasons: [{ code: 'not-an-offer-event', field: 'haendelsestype', message: `haendelsestype '${report.haendelsestype}' is not a § 62 offer event.` }],
      };
  }
};
