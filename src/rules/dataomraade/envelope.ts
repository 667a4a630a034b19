import { isValidLocalDate } from '../calendar/index.ts';
import { checkCpr, checkKommunekode } from '../identifiers/index.ts';
import type { LocalDate, Reason } from '../verdict.ts';

/**
 * The envelope every chapter 2–10 report carries (schemas/kapitelN-*.avsc share these fields,
 * in this order). `haendelsestype` is chapter-specific and declared by each chapter's type.
 */
export interface Indberetningshoved {
  /** The report's own id (UUID), chosen by the sender; receipts and deduplication use it. */
  readonly indberetningId: string;
  /** The reporting case system (its connection agreement id, § 1). */
  readonly kildesystem: string;
  /** The reporting municipality, three digits. */
  readonly kommunekode: string;
  /** The person, ten digits. */
  readonly cpr: string;
  /** The day the reported event happened (each chapter's schema says which day that is). */
  readonly haendelsesdato: LocalDate;
  /** The day the municipality learned of the event, where that differs from haendelsesdato. */
  readonly kendskabsdato: LocalDate | null;
  /** When the case worker registered it in the case system (ISO-8601 instant with offset). */
  readonly registreretTidspunkt: string;
  /** The id of an earlier report this one corrects, if any. */
  readonly rettelseAf: string | null;
}

/** Errors and warnings gathered while checking a report; a report with errors is rejected. */
export interface Findings {
  readonly errors: Reason[];
  readonly warnings: Reason[];
}

export const noFindings = (): Findings => ({ errors: [], warnings: [] });

// An instant with an explicit offset: a local time without one would be read in the host's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isIsoInstant = (value: unknown): value is string =>
  typeof value === 'string' && ISO_INSTANT.test(value) && Number.isFinite(Date.parse(value));

export const missing = (field: string, why: string): Reason => ({
  code: 'missing-field',
  field,
  message: `${field} is missing; ${why}.`,
});

/** Adds an error unless `value` is a non-empty string. */
export const requireText = (f: Findings, value: unknown, field: string, why: string): value is string => {
  if (typeof value === 'string' && value.trim() !== '') return true;
  f.errors.push(missing(field, why));
  return false;
};

/** Adds an error unless `value` is a real `YYYY-MM-DD` date. */
export const requireDate = (f: Findings, value: unknown, field: string, why: string): value is LocalDate => {
  if (value === null || value === undefined || value === '') {
    f.errors.push(missing(field, why));
    return false;
  }
  if (!isValidLocalDate(value)) {
    f.errors.push({ code: 'invalid-date', field, message: `${field} must be a real date written YYYY-MM-DD, got ${JSON.stringify(value)}.` });
    return false;
  }
  return true;
};

/** Adds an error unless `value` is null or a real date. */
export const optionalDate = (f: Findings, value: unknown, field: string): boolean => {
  if (value === null || value === undefined) return true;
  return requireDate(f, value, field, 'it is optional, but when given it must be a date');
};

/** Adds an error unless `value` is an integer in [min, max]. */
export const requireInteger = (f: Findings, value: unknown, field: string, min: number, max: number, what: string): value is number => {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return true;
  f.errors.push(
    value === null || value === undefined
      ? missing(field, `${what} is required`)
      : { code: 'out-of-range', field, message: `${field} must be a whole number from ${min} to ${max} (${what}), got ${JSON.stringify(value)}.` },
  );
  return false;
};

/** Adds an error unless `value` is one of `allowed`. */
export const requireOneOf = <T extends string>(f: Findings, value: unknown, field: string, allowed: readonly T[]): value is T => {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
  f.errors.push({
    code: 'unknown-value',
    field,
    message: `${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}.`,
  });
  return false;
};

/** Adds the errors and warnings of an identifier check. */
export const absorb = (f: Findings, check: { errors: readonly Reason[]; warnings: readonly Reason[] }): boolean => {
  f.errors.push(...check.errors);
  f.warnings.push(...check.warnings);
  return check.errors.length === 0;
};

/**
 * Checks the envelope: the identification of the report, the person (CPR) and the municipality
 * (kommunekode), and the dates every chapter relies on.
 */
export const checkEnvelope = (report: Indberetningshoved, f: Findings): void => {
  requireText(f, report.indberetningId, 'indberetningId', 'every report needs its own id');
  requireText(f, report.kildesystem, 'kildesystem', 'the reporting case system must be named');
  absorb(f, checkKommunekode(report.kommunekode));
  absorb(f, checkCpr(report.cpr));
  requireDate(f, report.haendelsesdato, 'haendelsesdato', 'the day the event happened is required');
  optionalDate(f, report.kendskabsdato, 'kendskabsdato');
  if (!isIsoInstant(report.registreretTidspunkt)) {
    f.errors.push({
      code: 'invalid-instant',
      field: 'registreretTidspunkt',
      message: `registreretTidspunkt must be an ISO-8601 instant with a time zone (e.g. 2011-01-03T09:15:00+01:00), got ${JSON.stringify(report.registreretTidspunkt)}.`,
    });
  }
};
