import type { LocalDate } from '../verdict.ts';
import { addDays, formatLocalDate, parseLocalDate } from './local-date.ts';

/** A Danish public holiday (helligdag): its date and Danish name. */
export interface DanishHoliday {
  readonly date: LocalDate;
  readonly name: string;
}

// Computed here rather than taken from date-holidays so the rules stay free of I/O and locale
// data; the tests check this list against date-holidays' DK calendar as an independent oracle.
// Grundlovsdag (5 June), juleaftensdag (24 Dec) and nytårsaftensdag (31 Dec) are customary days
// off, not public holidays, and so are working days here.

/** Last year with Store Bededag: abolished by lov nr. 284 af 14/03/2023 from 2024. */
export const LAST_STORE_BEDEDAG_YEAR = 2023;

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export const easterSunday = (year: number): LocalDate => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatLocalDate(year, month, day);
};

/** Offsets from Easter Sunday of the movable holidays. */
const MOVABLE: readonly (readonly [offsetDays: number, name: string])[] = [
  [-3, 'Skærtorsdag'],
  [-2, 'Langfredag'],
  [0, 'Påskedag'],
  [1, 'Anden påskedag'],
  [26, 'Store Bededag'],
  [39, 'Kristi himmelfartsdag'],
  [49, 'Pinsedag'],
  [50, 'Anden pinsedag'],
];

/** The public holidays of a year, in date order. */
export const danishPublicHolidays = (year: number): readonly DanishHoliday[] => {
  const easter = easterSunday(year);
  const movable = MOVABLE.filter(([, name]) => name !== 'Store Bededag' || year <= LAST_STORE_BEDEDAG_YEAR).map(
    ([offset, name]) => ({ date: addDays(easter, offset), name }),
  );
  return [
    { date: formatLocalDate(year, 1, 1), name: 'Nytårsdag' },
    ...movable,
    { date: formatLocalDate(year, 12, 25), name: 'Juledag' },
    { date: formatLocalDate(year, 12, 26), name: 'Anden juledag' },
  ];
};

const cache = new Map<number, ReadonlySet<LocalDate>>();

/** True when `date` is a Danish public holiday. */
export const isDanishPublicHoliday = (date: LocalDate): boolean => {
  const { year } = parseLocalDate(date);
  let dates = cache.get(year);
  if (dates === undefined) {
    dates = new Set(danishPublicHolidays(year).map((h) => h.date));
    cache.set(year, dates);
  }
  return dates.has(date);
};
