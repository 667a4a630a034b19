import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCvr, checkPNummer } from '../../../src/rules/identifiers/index.ts';

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];

/** Seven leading digits (first not 0) completed with the one check digit that makes the sum divisible by 11. */
const validCvr = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }))
  .map(([first, rest]) => [first, ...rest])
  .map((seven) => {
    const sum = seven.reduce((s, d, i) => s + d * (WEIGHTS[i] ?? 0), 0);
    return { seven, check: (11 - (sum % 11)) % 11 };
  })
  .filter(({ check }) => check < 10)
  .map(({ seven, check }) => [...seven, check].join(''));

describe('checkCvr', () => {
  it('accepts real CVR numbers (Novo Nordisk 24256790, A.P. Møller-Mærsk 22756214)', () => {
    expect(checkCvr('24256790')).toEqual({ ok: true, errors: [], warnings: [] });
    expect(checkCvr('22756214').ok).toBe(true);
  });

  it('rejects wrong length, letters and a leading 0, naming the field', () => {
    for (const bad of ['2425679', '242567901', '2425679X', '', 24256790]) {
      const result = checkCvr(bad, 'virksomhed.cvr');
      expect(result.ok).toBe(false);
      expect(result.errors[0]).toMatchObject({ code: 'cvr-format', field: 'virksomhed.cvr' });
    }
    // 0 followed by digits whose sum is divisible by 11 still fails: no CVR starts with 0.
    expect(checkCvr('01000004').errors[0]?.code).toBe('cvr-leading-zero');
  });

  it('rejects 24256791 (last digit changed) on modulus 11', () => {
    expect(checkCvr('24256791').errors.map((e) => e.code)).toEqual(['cvr-modulus11']);
  });

  it('property: every generated valid CVR passes', () => {
    fc.assert(fc.property(validCvr, (cvr) => {
        expect(checkCvr(cvr).ok).toBe(true);
      }));
  });

  it('property: changing any single digit of a valid CVR makes it fail', () => {
    fc.assert(
      fc.property(validCvr, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (cvr, position, shift) => {
        const digit = (Number(cvr[position]) + shift) % 10;
        const changed = cvr.slice(0, position) + String(digit) + cvr.slice(position + 1);
        const result = checkCvr(changed);
        expect(result.ok).toBe(false);
        expect(result.errors).toHaveLength(1);
      }),
    );
  });
});

describe('checkPNummer', () => {
  it('accepts any ten digits and refuses anything else', () => {
    expect(checkPNummer('1003388394').ok).toBe(true);
    for (const bad of ['100338839', '10033883940', '100338839X', undefined]) {
      expect(checkPNummer(bad).errors[0]).toMatchObject({ code: 'pnummer-format', field: 'pNummer' });
    }
  });
});
