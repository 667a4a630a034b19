import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, daysBetween, fromDayNumber, isoWeekday, isValidLocalDate, toDayNumber } from '../../../src/rules/calendar/index.ts';

const DAY_MS = 86_400_000;
// The reference: JavaScript's own UTC calendar, an implementation independent of the day-number maths.
const utcIso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const utcMidnight = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;
const anInstant = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) });

describe('isValidLocalDate', () => {
  it('accepts real dates written YYYY-MM-DD, leap days included', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2011-05-09', '0001-01-01', '9999-12-31']) expect(isValidLocalDate(d)).toBe(true);
  });

  it('refuses impossible days and loose formats', () => {
    for (const d of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-05', '24-01-05', '2024-01-05T00:00', ' 2024-01-05', '2024/01/05', '0000-01-01', '']) {
      expect(isValidLocalDate(d), d).toBe(false);
    }
    expect(isValidLocalDate(null)).toBe(false);
    expect(isValidLocalDate(20240105)).toBe(false);
  });

  it('agrees with the UTC calendar on every year, month and day in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const probe = new Date(Date.UTC(2000, 0, 1));
        probe.setUTCFullYear(y, m - 1, d);
        const real = probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(isValidLocalDate(text)).toBe(real);
      }),
    );
  });
});

describe('addDays, daysBetween, compareDates', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2024-01-01')).toBe(-366);
    expect(compareDates('2024-03-31', '2024-04-01')).toBeLessThan(0);
    expect(compareDates('2024-04-01', '2024-03-31')).toBeGreaterThan(0);
    expect(compareDates('2024-04-01', '2024-04-01')).toBe(0);
  });

  it('a summer-time change is still one calendar day', () => {
    expect(addDays('2024-03-30', 1)).toBe('2024-03-31');
    expect(addDays('2024-03-31', 1)).toBe('2024-04-01');
    expect(daysBetween('2024-10-26', '2024-10-28')).toBe(2);
  });

  it('addDays agrees with UTC date arithmetic', () => {
    fc.assert(
      fc.property(anInstant, fc.integer({ min: -100_000, max: 100_000 }), (ms, n) => {
        const target = utcMidnight(ms) + n * DAY_MS;
        fc.pre(target >= Date.UTC(1000, 0, 1) && target <= Date.UTC(9999, 11, 31));
        expect(addDays(utcIso(ms), n)).toBe(utcIso(target));
      }),
    );
  });

  it('daysBetween agrees with UTC date arithmetic and inverts addDays', () => {
    fc.assert(
      fc.property(anInstant, anInstant, (a, b) => {
        const da = utcIso(a);
        const db = utcIso(b);
        const n = daysBetween(da, db);
        expect(n).toBe((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
        expect(addDays(da, n)).toBe(db);
        expect(compareDates(da, db) < 0).toBe(n > 0);
        expect(compareDates(da, db) === 0).toBe(n === 0);
      }),
    );
  });

  it('day numbers round-trip and match the epoch', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    fc.assert(fc.property(anInstant, (ms) => {
      expect(toDayNumber(utcIso(ms))).toBe(Math.floor(ms / DAY_MS));
    }));
    fc.assert(fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (n) => {
      expect(toDayNumber(fromDayNumber(n))).toBe(n);
    }));
  });

  it('isoWeekday agrees with the UTC weekday', () => {
    expect(isoWeekday('2024-03-31')).toBe(7);
    expect(isoWeekday('2024-04-01')).toBe(1);
    fc.assert(fc.property(anInstant, (ms) => {
      expect(isoWeekday(utcIso(ms))).toBe(((new Date(ms).getUTCDay() + 6) % 7) + 1);
    }));
  });

  it('throws on a malformed date instead of guessing', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2024-01-01', 'tomorrow')).toThrow(RangeError);
    expect(() => addDays('2024-01-01', 0.5)).toThrow(RangeError);
  });
});
