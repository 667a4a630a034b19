import { daysBetween, daysInMonth, formatLocalDate, isValidLocalDate, parseLocalDate } from '../calendar/index.ts';
import type { LocalDate, Reason } from '../verdict.ts';
import { checked, weightedSum, type CheckResult } from './check-result.ts';

/** A CPR check's result; `birthDate` is set whenever the number's date part is a real date. */
export interface CprCheck extends CheckResult {
  readonly birthDate?: LocalDate;
}

const CPR_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/**
 * The century from the 7th digit and the two-digit year (CPR-kontoret's table):
 * 0–3 → 1900s; 4 and 9 → 2000s for YY 00–36, else 1900s; 5–8 → 2000s for YY 00–57, else 1800s.
 */
export const cprCentury = (seventhDigit: number, yy: number): number => {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
};

/**
 * Checks a CPR number. Only the bare ten digits are accepted (`DDMMYYSSSS`): a dash or spaces
 * are a format error, because the hub's schemas carry CPR numbers as ten digits and silently
 * normalising would let two spellings of one person through.
 *
 * A failed modulus 11 check is a warning, never an error: since 1 October 2007 CPR numbers are
 * issued that do not satisfy it.
 */
export const checkCpr = (value: unknown, field = 'cpr'): CprCheck => {
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) {
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    return checked([
      { code: 'cpr-format', field, message: `${field} must be exactly ten digits (DDMMYYSSSS, no dash), got ${shown}.` },
    ]);
  }
  // Read digit by digit: every report's CPR number is checked, and slices made strings to parse.
  const dd = digitPairAt(value, 0);
  const mm = digitPairAt(value, 2);
  const yy = digitPairAt(value, 4);
  const year = cprCentury(value.charCodeAt(6) - ZERO, yy) + yy;
  if (mm < 1 || mm > 12 || dd < 1 || dd > daysInMonth(year, mm)) {
    return checked([
      {
        code: 'cpr-date',
        field,
        message: `${field} ${value.slice(0, 6)}-${value.slice(6)} does not start with a real birth date (day ${dd}, month ${mm}, year ${year}).`,
      },
    ]);
  }
  const birthDate = formatLocalDate(year, mm, dd);
  if (weightedSum(value, CPR_WEIGHTS) % 11 !== 0) {
    return {
      ...checked([], [{
        code: 'cpr-modulus11',
        field,
        message: `${field} fails the modulus 11 check; numbers issued since 1 October 2007 may, so it is accepted, but check it was typed correctly.`,
      }]),
      birthDate,
    };
  }
  return { ok: true, errors: NO_REASONS, warnings: NO_REASONS, birthDate };
};

const ZERO = 48; // '0'
const digitPairAt = (digits: string, at: number): number => (digits.charCodeAt(at) - ZERO) * 10 + digits.charCodeAt(at + 1) - ZERO;
const NO_REASONS: readonly Reason[] = Object.freeze([]);

/**
 * The person's age in completed years on `date`, from the CPR number's birth date; undefined
 * when the CPR number has no real birth date. A person born on 29 February turns a year older
 * on 1 March in non-leap years.
 */
export const ageOn = (cpr: string, date: LocalDate): number | undefined => {
  const { birthDate } = checkCpr(cpr);
  if (birthDate === undefined || !isValidLocalDate(date)) return undefined;
  const born = parseLocalDate(birthDate);
  const on = parseLocalDate(date);
  const hadBirthday = on.month > born.month || (on.month === born.month && on.day >= born.day);
  const age = on.year - born.year - (hadBirthday ? 0 : 1);
  // Dates before birth have no age.
  return daysBetween(birthDate, date) < 0 ? undefined : age;
};
