import type { LocalDate } from '../verdict.ts';
import { isDanishPublicHoliday } from './danish-holidays.ts';
import { addDays, compareDates, isoWeekday } from './local-date.ts';

/** A working day (arbejdsdag): Monday–Friday and not a Danish public holiday. */
export const isWorkingDay = (date: LocalDate): boolean => isoWeekday(date) <= 5 && !isDanishPublicHoliday(date);

/**
 * The working day `n` working days after `date` (before it when `n` is negative), counting only
 * days after (before) `date`; `date` itself need not be a working day, and `n = 0` returns it
 * unchanged. § 4's notice: `addWorkingDays(goLive, -40)` is the last day to notify.
 */
export const addWorkingDays = (date: LocalDate, n: number): LocalDate => {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of working days: ${n}`);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
};

/**
 * Signed count of the working days stepped onto when walking from `a` to `b` one day at a time,
 * `a` itself not counted: forwards the span (a, b], backwards the span [b, a) counted negative.
 * This makes it the inverse of `addWorkingDays`: `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 */
export const workingDaysBetween = (a: LocalDate, b: LocalDate): number => {
  const step = compareDates(a, b) < 0 ? 1 : -1;
  let count = 0;
  for (let d = a; compareDates(d, b) !== 0; ) {
    d = addDays(d, step);
    if (isWorkingDay(d)) count += step;
  }
  return count;
};
