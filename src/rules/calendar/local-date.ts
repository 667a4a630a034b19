import type { LocalDate } from '../verdict.ts';
import { remembered } from '../../shared/remembered.ts';

// Date arithmetic on `YYYY-MM-DD` strings through a day number (days since 1970-01-01), using
// Howard Hinnant's civil-calendar algorithms: plain integer maths, so no JavaScript `Date`
// quirks (two-digit years, host time zone) can leak into a rule.

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar; month 1–12. */
export const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
};

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** True when `value` is a real calendar date written strictly as `YYYY-MM-DD` (years 0001–9999). */
export const isValidLocalDate = (value: unknown): value is LocalDate => typeof value === 'string' && validLocalDate(value);

const validLocalDate = remembered((value: string): boolean => {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
});

/** A valid date's parts; throws on anything else, since a rule must validate its input first. */
export const parseLocalDate = (date: LocalDate): { year: number; month: number; day: number } => {
  if (!isValidLocalDate(date)) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/** Formats a year, month (1–12) and day as `YYYY-MM-DD`. */
export const formatLocalDate = (year: number, month: number, day: number): LocalDate => {
  if (year < 1 || year > 9999) throw new RangeError(`Year ${year} is outside 0001–9999`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/** Days since 1970-01-01 (negative before it). */
export const toDayNumber = remembered((date: LocalDate): number => {
  const { year, month, day } = parseLocalDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
});

/** The date a day number denotes; inverse of `toDayNumber`. */
export const fromDayNumber = remembered((dayNumber: number): LocalDate => {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`Not a whole day number: ${dayNumber}`);
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatLocalDate(year, month, day);
});

/** `date` moved by `days` calendar days (negative moves back). */
export const addDays = (date: LocalDate, days: number): LocalDate => {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
};

/** Calendar days from `a` to `b` (b − a): positive when `b` is later. */
export const daysBetween = (a: LocalDate, b: LocalDate): number => toDayNumber(b) - toDayNumber(a);

/** Negative, zero or positive as `a` is before, equal to or after `b`; usable with `Array.sort`. */
export const compareDates = (a: LocalDate, b: LocalDate): number => Math.sign(daysBetween(b, a));

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: LocalDate): number => {
  // 1970-01-01 was a Thursday (ISO 4).
  const n = toDayNumber(date);
  return ((((n + 3) % 7) + 7) % 7) + 1;
};
