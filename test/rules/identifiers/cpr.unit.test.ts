import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, checkCpr } from '../../../src/rules/identifiers/index.ts';
import { isValidLocalDate } from '../../../src/rules/calendar/index.ts';

describe('checkCpr', () => {
  it('accepts the CPR office example 070761-4285 written as ten digits, birth date 1961-07-07', () => {
    const result = checkCpr('0707614285');
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.birthDate).toBe('1961-07-07');
  });

  it('refuses a dash, spaces, wrong length and non-strings, naming the field', () => {
    for (const bad of ['070761-4285', '070761 4285', '070761428', '07076142851', 'abcdefghij', 707614285, null]) {
      const result = checkCpr(bad, 'person.cpr');
      expect(result.ok).toBe(false);
      expect(result.errors[0]?.code).toBe('cpr-format');
      expect(result.errors[0]?.field).toBe('person.cpr');
      expect(result.errors[0]?.message).toContain('person.cpr');
    }
  });

  it('refuses a date part that is no real date (31 April, 29 February 1900, month 13, day 00)', () => {
    for (const bad of ['3104801234', '2902001234', '0113801234', '0001801234']) {
      const result = checkCpr(bad);
      expect(result.ok, bad).toBe(false);
      expect(result.errors[0]?.code).toBe('cpr-date');
      expect(result.birthDate).toBeUndefined();
    }
  });

  it('accepts 29 February 2000 (7th digit 4, YY 00 → 2000s, a leap year)', () => {
    expect(checkCpr('2902004000').birthDate).toBe('2000-02-29');
  });

  it.each([
    ['0101370000', '1937-01-01'], // digit 7 = 0 → 1900s
    ['0101363999', '1936-01-01'], // digit 7 = 3 → 1900s
    ['0101364000', '2036-01-01'], // 4, YY ≤ 36 → 2000s
    ['0101374000', '1937-01-01'], // 4, YY > 36 → 1900s
    ['0101369000', '2036-01-01'], // 9, YY ≤ 36 → 2000s
    ['0101379000', '1937-01-01'], // 9, YY > 36 → 1900s
    ['0101575000', '2057-01-01'], // 5–8, YY ≤ 57 → 2000s
    ['0101588000', '1858-01-01'], // 5–8, YY > 57 → 1800s
  ])('reads the century of %s as %s', (cpr, birthDate) => {
    expect(checkCpr(cpr).birthDate).toBe(birthDate);
  });

  it('treats a failed modulus 11 as a warning, never an error', () => {
    // 070761-4286: one more than the valid example, so the weighted sum is off by one.
    const result = checkCpr('0707614286');
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(['cpr-modulus11']);
    expect(result.warnings[0]?.field).toBe('cpr');
  });

  it('property: a CPR number with a real date and a century-consistent 7th digit is never rejected', () => {
    const seventhDigitFor = (year: number) =>
      year < 1900
        ? fc.integer({ min: 5, max: 8 }) // 1858–1899
        : year < 2000
          ? year % 100 > 36
            ? fc.constantFrom(0, 1, 2, 3, 4, 9)
            : year % 100 > 57
              ? fc.constantFrom(0, 1, 2, 3, 5, 6, 7, 8)
              : fc.constantFrom(0, 1, 2, 3)
          : year % 100 <= 36
            ? fc.constantFrom(4, 5, 6, 7, 8, 9)
            : fc.integer({ min: 5, max: 8 });
    const arbitrary = fc
      .date({ min: new Date(Date.UTC(1858, 0, 1)), max: new Date(Date.UTC(2057, 11, 31)), noInvalidDate: true })
      .chain((date) =>
        fc.tuple(fc.constant(date), seventhDigitFor(date.getUTCFullYear()), fc.integer({ min: 0, max: 999 })),
      );
    fc.assert(
      fc.property(arbitrary, ([date, seventh, rest]) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-') as [string, string, string];
        const cpr = `${d}${m}${y.slice(2)}${seventh}${String(rest).padStart(3, '0')}`;
        const result = checkCpr(cpr);
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.birthDate).toBe(iso);
        // Whatever modulus 11 says, it can only ever show up as a warning.
        expect(result.warnings.every((w) => w.code === 'cpr-modulus11')).toBe(true);
      }),
    );
  });

  it('property: any ten digits have a birth date exactly when the calendar knows their date part as a real day', () => {
    // checkCpr reads the digits by character code; the calendar module parses the written date.
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (cpr) => {
        const [dd, mm, yy, seventh] = [cpr.slice(0, 2), cpr.slice(2, 4), Number(cpr.slice(4, 6)), Number(cpr[6])];
        const century = seventh <= 3 ? 1900 : seventh === 4 || seventh === 9 ? (yy <= 36 ? 2000 : 1900) : yy <= 57 ? 2000 : 1800;
        const written = `${century + yy}-${mm}-${dd}`;
        const result = checkCpr(cpr);
        expect(result.birthDate).toBe(isValidLocalDate(written) ? written : undefined);
        expect(result.ok).toBe(result.birthDate !== undefined);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('ageOn', () => {
  it('counts completed years, turning a year older on the birthday itself', () => {
    expect(ageOn('0707614285', '1979-07-06')).toBe(17);
    expect(ageOn('0707614285', '1979-07-07')).toBe(18);
  });

  it('lets a 29 February child turn older on 1 March in a non-leap year', () => {
    expect(ageOn('2902044000', '2022-02-28')).toBe(17);
    expect(ageOn('2902044000', '2022-03-01')).toBe(18);
  });

  it('has no age for a malformed CPR number, an invalid date or a date before birth', () => {
    expect(ageOn('3104801234', '2010-01-01')).toBeUndefined();
    expect(ageOn('0707614285', '2010-02-30')).toBeUndefined();
    expect(ageOn('0707614285', '1961-07-06')).toBeUndefined();
  });
});
