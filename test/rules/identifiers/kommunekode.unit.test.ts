import { describe, expect, it } from 'vitest';
import { checkKommunekode, KOMMUNER_2007, kommunenavn } from '../../../src/rules/identifiers/index.ts';

describe('the municipalities since 2007', () => {
  it('are 98, with three-digit codes and distinct names', () => {
    const codes = Object.keys(KOMMUNER_2007);
    expect(codes).toHaveLength(98);
    expect(codes.every((c) => /^\d{3}$/.test(c))).toBe(true);
    expect(new Set(Object.values(KOMMUNER_2007)).size).toBe(98);
  });

  it('span the five regions with their known sizes (29, 17, 22, 19, 11)', () => {
    const region = (code: number) =>
      (code >= 101 && code <= 270 && ![253, 259, 265, 269].includes(code)) || code === 400
        ? 'Hovedstaden'
        : [253, 259, 265, 269].includes(code) || (code >= 306 && code <= 390)
          ? 'Sjælland'
          : (code >= 410 && code <= 580) || [607, 621, 630].includes(code)
            ? 'Syddanmark'
            : [773, 787].includes(code) || code >= 810
              ? 'Nordjylland'
              : 'Midtjylland';
    const counts: Record<string, number> = {};
    for (const code of Object.keys(KOMMUNER_2007)) counts[region(Number(code))] = (counts[region(Number(code))] ?? 0) + 1;
    expect(counts).toEqual({ Hovedstaden: 29, Sjælland: 17, Syddanmark: 22, Midtjylland: 19, Nordjylland: 11 });
  });

  it.each([
    ['101', 'København'],
    ['147', 'Frederiksberg'],
    ['151', 'Ballerup'],
    ['400', 'Bornholm'],
    ['461', 'Odense'],
    ['751', 'Aarhus'],
    ['851', 'Aalborg'],
    ['860', 'Hjørring'],
  ])('know %s as %s', (code, name) => {
    expect(kommunenavn(code)).toBe(name);
    expect(checkKommunekode(code).ok).toBe(true);
  });
});

describe('checkKommunekode', () => {
  it('rejects codes that name no municipality since 2007 (Christiansø 411, pre-2007 102, 000)', () => {
    expect(checkKommunekode('411').errors[0]).toMatchObject({ code: 'kommunekode-unknown', field: 'kommunekode' });
    expect(checkKommunekode('102').ok).toBe(false);
    expect(checkKommunekode('000').ok).toBe(false);
  });

  it('rejects malformed values, naming the field given', () => {
    for (const bad of ['0101', '10', '1o1', 101, null]) {
      const result = checkKommunekode(bad, 'ansvarligtJobcenter');
      expect(result.ok).toBe(false);
      expect(result.errors[0]).toMatchObject({ code: 'kommunekode-format', field: 'ansvarligtJobcenter' });
      expect(result.errors[0]?.message).toContain('ansvarligtJobcenter');
    }
  });
});
