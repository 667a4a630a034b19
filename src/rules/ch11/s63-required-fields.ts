import { compareDates, isValidLocalDate } from '../calendar/index.ts';
import { checkCpr, checkCvr, checkKommunekode, checkPNummer, type CheckResult } from '../identifiers/index.ts';
import type { Paragraph, Reason } from '../verdict.ts';
import { catalogueEntry } from './catalogue.ts';
import { TILBUD_STATUSER, type Kapitel11Indberetning } from './report.ts';

/** A reason for refusing a report, with the paragraph that requires the field. */
export interface FieldFinding {
  readonly paragraph: Paragraph;
  readonly reason: Reason;
}

/** What § 63 (and § 62 stk. 2) make of a report's fields: errors refuse it, warnings travel with it. */
export interface RequiredFieldsResult {
  readonly errors: readonly FieldFinding[];
  readonly warnings: readonly Reason[];
}

/** Most hours a week has; a weekly average above it is a typing error. */
export const MAX_WEEKLY_HOURS = 168;

const finding = (paragraph: Paragraph, field: string, code: string, message: string): FieldFinding => ({
  paragraph,
  reason: { code, field, message: `${paragraph}: ${field} ${message}` },
});

/** The errors of a shared identifier check, under the paragraph that asks for the identifier. */
const fromCheck = (paragraph: Paragraph, check: CheckResult): FieldFinding[] =>
  check.errors.map((reason) => ({ paragraph, reason: { ...reason, message: `${paragraph}: ${reason.message}` } }));

// The shared CPR check quotes the number in its messages; reasons travel to receipts and logs,
// so chapter 11 words its own CPR messages and keeps only the check's code.
const CPR_MESSAGES: Readonly<Record<string, string>> = {
  'cpr-format': 'must be exactly ten digits (DDMMYYSSSS, no dash).',
  'cpr-date': 'must begin with a real birth date (DDMMYY, century from the seventh digit).',
};

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

/*
 * § 63. For hændelser omfattet af §§ 61 og 62, skal der indberettes følgende oplysninger:
 *  1) Identifikationsoplysninger for personen.  2) Kommunekode for indberettende kommune.
 *  3) Hændelsesdatoen.  4) Hændelsestypen.  5) Eventuel årsag for hændelsen.
 *  6) Eventuel uddybende kommentar til hændelsen i fritekst.
 *
 * Nr. 5 and 6 are optional, so only nr. 1–4 are checked; kendskabsdato, where given, must be a date.
 */
const stk1 = (report: Kapitel11Indberetning, cpr: CheckResult): FieldFinding[] => {
  const errors: FieldFinding[] = [];
  for (const { code } of cpr.errors) {
    errors.push(finding('§ 63 stk. 1 nr. 1', 'cpr', code, CPR_MESSAGES[code] ?? 'is not a valid CPR number.'));
  }
  errors.push(...fromCheck('§ 63 stk. 1 nr. 2', checkKommunekode(report.kommunekode, 'kommunekode')));
  if (!isValidLocalDate(report.haendelsesdato)) {
    errors.push(finding('§ 63 stk. 1 nr. 3', 'haendelsesdato', 'invalid-date', 'must be a real date written YYYY-MM-DD.'));
  }
  if (catalogueEntry(report.haendelsestype) === undefined) {
    errors.push(finding('§ 63 stk. 1 nr. 4', 'haendelsestype', 'unknown-haendelsestype', `'${String(report.haendelsestype)}' is not an event type in the chapter 11 catalogue.`));
  }
  if (report.kendskabsdato !== null && report.kendskabsdato !== undefined && !isValidLocalDate(report.kendskabsdato)) {
    errors.push(finding('§ 62 stk. 1 nr. 3-5', 'kendskabsdato', 'invalid-date', 'must be null or a real date written YYYY-MM-DD.'));
  }
  return errors;
};

/* Identifikationsoplysninger for virksomheden (§ 63 stk. 2 nr. 1 and stk. 3 nr. 1). */
const virksomhed = (value: unknown, prefix: string, paragraph: Paragraph): FieldFinding[] => {
  const v = value as { cvr?: unknown; pNummer?: unknown } | null | undefined;
  if (v === null || typeof v !== 'object') {
    return [finding(paragraph, prefix, 'missing-field', 'is required: the company’s CVR number.')];
  }
  const errors = fromCheck(paragraph, checkCvr(v.cvr, `${prefix}.cvr`));
  // "if given": null or absent means the production unit is not known, which the schema allows.
  if (v.pNummer !== null && v.pNummer !== undefined) errors.push(...fromCheck(paragraph, checkPNummer(v.pNummer, `${prefix}.pNummer`)));
  return errors;
};

/*
 * Stk. 2. For hændelser vedrørende personer, der ansættes i løntilskud, skal der udover
 * oplysningerne efter stk. 1, indberettes følgende:
 *  1) Identifikationsoplysninger for virksomheden.  2) Oplysninger om jobbet.
 */
const stk2 = (loentilskud: Kapitel11Indberetning['loentilskud']): FieldFinding[] => {
  if (loentilskud === null || loentilskud === undefined) {
    return [finding('§ 63 stk. 2', 'loentilskud', 'missing-field', 'is required for wage-subsidy employment: the company and the job.')];
  }
  const errors = virksomhed(loentilskud.virksomhed, 'loentilskud.virksomhed', '§ 63 stk. 2 nr. 1');
  if (isBlank(loentilskud.job)) {
    errors.push(finding('§ 63 stk. 2 nr. 2', 'loentilskud.job', 'missing-field', 'is required: the job title or occupation code.'));
  }
  return errors;
};

/*
 * Stk. 3. For hændelser omfattet af § 62 […] skal der udover oplysningerne efter stk. 1,
 * indberettes følgende:
 *  1) Identifikationsoplysninger for virksomheden.  2) Aktuel status for aktiviteten.
 *  3) Start- og slutdato for aktiviteten.  4) Gennemsnitligt ugentligt timetal for aktiviteten.
 * § 62 stk. 2. Ved registrering og indberetning efter stk. 1 skal tilbuddets aktuelle status fremgå.
 *
 * Weekly hours must be above 0: the schema's double has no null, so a case system without a value
 * sends 0, and an offer with no hours is no activity. Status UKENDT (the schema's default) is no
 * current status, so it fails § 62 stk. 2 — but only where the tilbud is required.
 */
const stk3 = (tilbud: Kapitel11Indberetning['tilbud'], statusRequired: boolean, offerStart: boolean): FieldFinding[] => {
  if (tilbud === null || tilbud === undefined) {
    return [finding('§ 63 stk. 3', 'tilbud', 'missing-field', 'is required for § 62 offer events: company, current status, start and end date, weekly hours.')];
  }
  const errors = virksomhed(tilbud.virksomhed, 'tilbud.virksomhed', '§ 63 stk. 3 nr. 1');
  const status: unknown = tilbud.aktuelStatus;
  if (statusRequired && !(TILBUD_STATUSER as readonly unknown[]).includes(status)) {
    errors.push(finding('§ 62 stk. 2', 'tilbud.aktuelStatus', 'unknown-status', `must state the offer’s current status (${TILBUD_STATUSER.join(', ')}); got '${String(status)}'.`));
  }
  const startValid = isValidLocalDate(tilbud.startdato);
  const slutValid = isValidLocalDate(tilbud.slutdato);
  if (!startValid) errors.push(finding('§ 63 stk. 3 nr. 3', 'tilbud.startdato', 'invalid-date', 'must be a real date written YYYY-MM-DD.'));
  if (!slutValid) errors.push(finding('§ 63 stk. 3 nr. 3', 'tilbud.slutdato', 'invalid-date', 'must be a real date written YYYY-MM-DD.'));
  if (startValid && slutValid && compareDates(tilbud.startdato, tilbud.slutdato) > 0) {
    errors.push(finding('§ 63 stk. 3 nr. 3', 'tilbud.slutdato', 'end-before-start', `must not be before tilbud.startdato; got ${tilbud.slutdato}, start ${tilbud.startdato}.`));
  }
  const hours: unknown = tilbud.gennemsnitligUgentligTimetal;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_WEEKLY_HOURS) {
    errors.push(finding('§ 63 stk. 3 nr. 4', 'tilbud.gennemsnitligUgentligTimetal', 'invalid-hours', `must be a number of hours above 0 and at most ${MAX_WEEKLY_HOURS}; got ${String(hours)}.`));
  }
  errors.push(...afgivelse(tilbud.afgivelsesdato, offerStart));
  return errors;
};

/*
 * § 62 stk. 1 nr. 1. Indberetning af et tilbuds påbegyndelse skal tidligst ske på datoen for
 * tilbuddets afgivelse […]
 *
 * The offer-given date is needed to judge a start only: § 63 stk. 3 does not list it, so an end or
 * change may leave it out (null); given, it must be a real date.
 */
const afgivelse = (value: unknown, offerStart: boolean): FieldFinding[] => {
  if (value === null || value === undefined) {
    return offerStart ? [finding('§ 62 stk. 1 nr. 1', 'tilbud.afgivelsesdato', 'missing-field', 'is missing: the start of an offer is reported at the earliest on the day the offer was given, so that day is required.')] : [];
  }
  return isValidLocalDate(value) ? [] : [finding('§ 62 stk. 1 nr. 1', 'tilbud.afgivelsesdato', 'invalid-date', 'must be a real date written YYYY-MM-DD (the day the offer was given).')];
};

/**
 * § 63 stk. 1–3 and § 62 stk. 2: are the fields there and well formed? Extra parts the catalogue
 * does not require are still checked when present (bad data must not reach a fund), except for
 * the § 62 stk. 2 status, which only § 62 events must carry.
 */
export const s63RequiredFields = (report: Kapitel11Indberetning): RequiredFieldsResult => {
  const entry = catalogueEntry(report.haendelsestype);
  const cpr = checkCpr(report.cpr, 'cpr');
  const errors = stk1(report, cpr);
  const requires = entry?.requires ?? [];
  if (requires.includes('loentilskud') || (report.loentilskud !== null && report.loentilskud !== undefined)) {
    errors.push(...stk2(report.loentilskud));
  }
  if (requires.includes('tilbud') || (report.tilbud !== null && report.tilbud !== undefined)) {
    errors.push(...stk3(report.tilbud, requires.includes('tilbud'), report.haendelsestype === 'tilbud-start'));
  }
  // A failed modulus 11 is a warning only: valid CPR numbers issued since 1 October 2007 may fail it.
  return { errors, warnings: cpr.warnings };
};
