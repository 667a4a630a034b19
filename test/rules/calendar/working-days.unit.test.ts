import Holidays from 'date-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  danishPublicHolidays,
  easterSunday,
  isDanishPublicHoliday,
  isWorkingDay,
  workingDaysBetween,
} from '../../../src/rules/calendar/index.ts';

const aDay = fc.integer({ min: 0, max: 365 * 60 }).map((n) => addDays('2000-01-01', n));

describe('Danish public holidays', () => {
  it('Easter Sunday on known years, including the earliest and latest possible dates', () => {
    expect(easterSunday(2011)).toBe('2011-04-24');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('2023 has Store Bededag (5 May); 2024 does not', () => {
    expect(danishPublicHolidays(2023).map((h) => h.date)).toEqual([
      '2023-01-01', '2023-04-06', '2023-04-07', '2023-04-09', '2023-04-10', '2023-05-05',
      '2023-05-18', '2023-05-28', '2023-05-29', '2023-12-25', '2023-12-26',
    ]);
    expect(isDanishPublicHoliday('2023-05-05')).toBe(true);
    expect(isDanishPublicHoliday('2024-04-26')).toBe(false); // would have been Store Bededag
    expect(isWorkingDay('2024-04-26')).toBe(true);
  });

  it('5 June, 24 December and 31 December are not public holidays', () => {
    for (const d of ['2024-06-05', '2024-12-24', '2024-12-31', '2024-05-01']) {
      expect(isDanishPublicHoliday(d), d).toBe(false);
      expect(isWorkingDay(d), d).toBe(true);
    }
  });

  it('matches the DK public holidays of date-holidays, 1990–2080', () => {
    const dk = new Holidays('DK');
    for (let year = 1990; year <= 2080; year += 1) {
      const theirs = dk.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)).sort();
      expect(danishPublicHolidays(year).map((h) => h.date), String(year)).toEqual(theirs);
    }
  });
});

describe('working days', () => {
  it('weekends and holidays are not working days', () => {
    expect(isWorkingDay('2024-03-29')).toBe(false); // Langfredag
    expect(isWorkingDay('2024-03-30')).toBe(false); // Saturday
    expect(isWorkingDay('2024-04-01')).toBe(false); // Anden påskedag
    expect(isWorkingDay('2024-04-02')).toBe(true);
  });

  it('given Thursday before Easter 2024, the next working day is the Tuesday after', () => {
    expect(addWorkingDays('2024-03-27', 1)).toBe('2024-04-02');
    expect(addWorkingDays('2024-04-02', -1)).toBe('2024-03-27');
    expect(workingDaysBetween('2024-03-27', '2024-04-02')).toBe(1);
  });

  it('§ 4: 40 working days before a go-live on 2025-01-06 skips Christmas and New Year', () => {
    // Counted back by hand: 3 Jan (1), 2 Jan (2), 31 Dec (3), 30 (4), 27 (5), 24 (6), 23 (7), then
    // 33 more weekdays: 20 Dec … 6 Nov (40); 1 Jan, 25–26 Dec and weekends skipped.
    expect(addWorkingDays('2025-01-06', -40)).toBe('2024-11-06');
  });

  it('workingDaysBetween inverts addWorkingDays in both directions', () => {
    fc.assert(
      fc.property(aDay, fc.integer({ min: -80, max: 80 }), (d, n) => {
        const moved = addWorkingDays(d, n);
        if (n !== 0) expect(isWorkingDay(moved)).toBe(true);
        expect(workingDaysBetween(d, moved)).toBe(n);
      }),
    );
  });

  it('workingDaysBetween counts exactly the working days stepped onto', () => {
    fc.assert(
      fc.property(aDay, fc.integer({ min: 0, max: 60 }), (a, span) => {
        const b = addDays(a, span);
        let count = 0;
        for (let i = 1; i <= span; i += 1) if (isWorkingDay(addDays(a, i))) count += 1;
        expect(workingDaysBetween(a, b)).toBe(count);
        expect(count).toBeLessThanOrEqual(span);
      }),
    );
  });
});
