import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copenhagenDate } from '../../../src/rules/calendar/index.ts';

const HOUR_MS = 3_600_000;

// Reference: Denmark keeps EU summer time (since 1996): UTC+2 from 01:00 UTC on the last Sunday of
// March to 01:00 UTC on the last Sunday of October, UTC+1 otherwise.
const lastSundayUtc = (year: number, monthIndex: number): number => {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay());
};
const summerStart = (year: number): number => lastSundayUtc(year, 2) + HOUR_MS;
const summerEnd = (year: number): number => lastSundayUtc(year, 9) + HOUR_MS;
const referenceDate = (ms: number): string => {
  const year = new Date(ms).getUTCFullYear();
  const offset = ms >= summerStart(year) && ms < summerEnd(year) ? 2 * HOUR_MS : HOUR_MS;
  return new Date(ms + offset).toISOString().slice(0, 10);
};

describe('copenhagenDate', () => {
  it('given winter time, 23:59 and 00:01 local fall on different days although both are the same UTC day', () => {
    expect(copenhagenDate(Date.parse('2024-01-15T23:59:00+01:00'))).toBe('2024-01-15');
    expect(copenhagenDate(Date.parse('2024-01-16T00:01:00+01:00'))).toBe('2024-01-16');
    expect(copenhagenDate(Date.parse('2024-01-15T23:01:00Z'))).toBe('2024-01-16');
  });

  it('given summer time, 22:00–23:59 UTC is already the next Copenhagen day', () => {
    expect(copenhagenDate(Date.parse('2024-06-30T21:59:59Z'))).toBe('2024-06-30');
    expect(copenhagenDate(Date.parse('2024-06-30T22:00:00Z'))).toBe('2024-07-01');
    expect(copenhagenDate(Date.parse('2024-06-30T23:59:59Z'))).toBe('2024-07-01');
  });

  it('around the spring change (2024-03-31, 02:00 CET → 03:00 CEST)', () => {
    expect(copenhagenDate(Date.parse('2024-03-30T22:59:59Z'))).toBe('2024-03-30'); // 23:59:59 CET
    expect(copenhagenDate(Date.parse('2024-03-30T23:00:00Z'))).toBe('2024-03-31'); // 00:00 CET
    expect(copenhagenDate(Date.parse('2024-03-31T00:59:59Z'))).toBe('2024-03-31'); // 01:59:59 CET
    expect(copenhagenDate(Date.parse('2024-03-31T01:00:00Z'))).toBe('2024-03-31'); // 03:00 CEST
    expect(copenhagenDate(Date.parse('2024-03-31T21:59:59Z'))).toBe('2024-03-31'); // 23:59:59 CEST
    expect(copenhagenDate(Date.parse('2024-03-31T22:00:00Z'))).toBe('2024-04-01'); // 00:00 CEST
  });

  it('around the autumn change (2024-10-27, 03:00 CEST → 02:00 CET)', () => {
    expect(copenhagenDate(Date.parse('2024-10-26T21:59:59Z'))).toBe('2024-10-26'); // 23:59:59 CEST
    expect(copenhagenDate(Date.parse('2024-10-26T22:00:00Z'))).toBe('2024-10-27'); // 00:00 CEST
    expect(copenhagenDate(Date.parse('2024-10-27T00:30:00Z'))).toBe('2024-10-27'); // 02:30 CEST
    expect(copenhagenDate(Date.parse('2024-10-27T01:30:00Z'))).toBe('2024-10-27'); // 02:30 CET, again
    expect(copenhagenDate(Date.parse('2024-10-27T22:59:59Z'))).toBe('2024-10-27'); // 23:59:59 CET
    expect(copenhagenDate(Date.parse('2024-10-27T23:00:00Z'))).toBe('2024-10-28'); // 00:00 CET
  });

  it('agrees with the EU summer-time rule on any instant 1996–2037', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2037, 11, 31) }), (ms) => {
        expect(copenhagenDate(ms)).toBe(referenceDate(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the reference within three hours of every change and of local midnight', () => {
    const nearChange = fc
      .tuple(fc.integer({ min: 1996, max: 2037 }), fc.boolean(), fc.integer({ min: -3 * HOUR_MS, max: 3 * HOUR_MS }))
      .map(([year, spring, delta]) => (spring ? summerStart(year) : summerEnd(year)) + delta);
    const nearMidnight = fc
      .tuple(fc.integer({ min: Date.UTC(1996, 0, 2), max: Date.UTC(2037, 11, 30) }), fc.integer({ min: -2 * HOUR_MS, max: 2 * HOUR_MS }))
      .map(([ms, delta]) => Math.floor(ms / 86_400_000) * 86_400_000 - HOUR_MS + delta);
    fc.assert(fc.property(fc.oneof(nearChange, nearMidnight), (ms) => { expect(copenhagenDate(ms)).toBe(referenceDate(ms)); }), { numRuns: 3000 });
  });

  it('refuses a non-instant', () => {
    expect(() => copenhagenDate(Number.NaN)).toThrow(RangeError);
  });
});
