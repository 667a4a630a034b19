// The instant conversions remember their last two answers (a batch's records share a processing time):
// an answer must never be the previous question's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMillis, isoInstant } from '../../src/shared/logical-types.ts';

// Years 0001–9999: the four-digit years of the ISO form the Avro type reads back.
const instant = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.getTime());

describe('isoInstant and epochMillis', () => {
  it('answer each question as Date does, whatever was asked before', () => {
    fc.assert(fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (ms) => {
      for (const m of [...ms, ...ms.reverse()]) {
        expect(isoInstant(m)).toBe(new Date(m).toISOString());
        expect(epochMillis(isoInstant(m))).toBe(m);
      }
    }));
  });

  it('answer as Date does when a few instants come in turn (what their memory is for)', () => {
    fc.assert(fc.property(fc.array(instant, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 30 }), (pool, picks) => {
      for (const p of picks) {
        const m = pool[p % pool.length]!;
        expect(isoInstant(m)).toBe(new Date(m).toISOString());
        expect(epochMillis(new Date(m).toISOString())).toBe(m);
      }
    }));
  });

  it('refuse a text that is no instant also right after a valid one, and take it again after', () => {
    expect(epochMillis('2026-12-02T10:00:00.000Z')).toBe(Date.UTC(2026, 11, 2, 10));
    expect(epochMillis('2026-12-02T10:00:00')).toBeUndefined(); // no offset
    expect(epochMillis('2026-12-02T10:00:00')).toBeUndefined();
    expect(epochMillis('2026-12-02T10:00:00+01:00')).toBe(Date.UTC(2026, 11, 2, 9));
    expect(epochMillis(Date.UTC(2026, 11, 2, 9) + 0.5)).toBeUndefined();
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
  });
});
