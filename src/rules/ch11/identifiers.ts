import { formatLocalDate, isValidLocalDate } from '../calendar/index.ts';
import type { LocalDate } from '../verdict.ts';

// Checks on the Danish identifiers § 63 asks for. Pure digit arithmetic; nothing here echoes a
// CPR number, since reasons end up on receipts and in logs.

const weightedSum = (digits: string, weights: readonly number[]): number =>
  weights.reduce((sum, weight, i) => sum + weight * Number(digits[i]), 0);

/**
 * The birth date in a CPR number (DDMMYY-SSSS), with the century read from the seventh digit
 * and the year as the CPR office defines it; undefined when the first six digits are no real date.
 */
export const cprBirthDate = (cpr: string): LocalDate | undefined => {
  if (!/^\d{10}$/.test(cpr)) return undefined;
  const day = Number(cpr.slice(0, 2));
  const month = Number(cpr.slice(2, 4));
  const yy = Number(cpr.slice(4, 6));
  const seventh = Number(cpr[6]);
  let century: number;
  if (seventh <= 3) century = 1900;
  else if (seventh === 4 || seventh === 9) century = yy <= 36 ? 2000 : 1900;
  else century = yy <= 57 ? 2000 : 1800;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = formatLocalDate(century + yy, month, day);
  return isValidLocalDate(date) ? date : undefined;
};

/**
 * The CPR modulus 11 check (weights 4,3,2,7,6,5,4,3,2,1). Since 1 October 2007 valid numbers
 * may fail it, so a failure is only ever a warning.
 */
export const cprPassesModulus11 = (cpr: string): boolean =>
  /^\d{10}$/.test(cpr) && weightedSum(cpr, [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0;

/** A CVR number: eight digits whose sum weighted 2,7,6,5,4,3,2,1 is divisible by 11. */
export const isValidCvr = (cvr: string): boolean =>
  /^\d{8}$/.test(cvr) && weightedSum(cvr, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0;

/** A P-nummer (production unit): ten digits; no check digit is enforced. */
export const isValidPNummer = (pNummer: string): boolean => /^\d{10}$/.test(pNummer);
