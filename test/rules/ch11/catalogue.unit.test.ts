import { describe, expect, it } from 'vitest';
import { HAENDELSESTYPER, KAPITEL11_CATALOGUE, catalogueEntry, isHaendelsestype } from '../../../src/rules/ch11/index.ts';

describe('chapter 11 event catalogue', () => {
  it('has exactly one entry per haendelsestype, keyed by its own type', () => {
    expect(Object.keys(KAPITEL11_CATALOGUE).sort()).toEqual([...HAENDELSESTYPER].sort());
    for (const type of HAENDELSESTYPER) expect(KAPITEL11_CATALOGUE[type].haendelsestype).toBe(type);
  });

  it('the offer events are § 62 events needing tilbud (§ 63 stk. 3) and cover fleksjob (§ 60 stk. 2)', () => {
    expect(KAPITEL11_CATALOGUE['tilbud-start']).toMatchObject({ timing: '§ 62 stk. 1 nr. 1', requires: ['tilbud'], fleksjobCovered: true });
    expect(KAPITEL11_CATALOGUE['tilbud-slut']).toMatchObject({ timing: '§ 62 stk. 1 nr. 2', requires: ['tilbud'], fleksjobCovered: true });
    expect(KAPITEL11_CATALOGUE['tilbud-aendring']).toMatchObject({ timing: '§ 62 stk. 1 nr. 3-5', requires: ['tilbud'], fleksjobCovered: true });
  });

  it('wage-subsidy employment is a § 61 event needing loentilskud (§ 63 stk. 2), not covered for fleksjob', () => {
    expect(KAPITEL11_CATALOGUE['loentilskud-ansaettelse']).toMatchObject({ timing: '§ 61', requires: ['loentilskud'], fleksjobCovered: false });
  });

  it('every other event is a plain § 61 event', () => {
    for (const type of ['udeblivelse-samtale', 'udeblivelse-tilbud', 'afvisning-tilbud', 'afvisning-jobplan', 'afvisning-henvist-arbejde', 'ophoer-tilbud'] as const) {
      expect(KAPITEL11_CATALOGUE[type], type).toMatchObject({ timing: '§ 61', requires: [], fleksjobCovered: false });
    }
  });

  it('fleksjob is covered exactly for the § 62 events', () => {
    for (const entry of Object.values(KAPITEL11_CATALOGUE)) expect(entry.fleksjobCovered, entry.haendelsestype).toBe(entry.timing.startsWith('§ 62'));
  });

  it('every entry has a Danish and an English description', () => {
    for (const entry of Object.values(KAPITEL11_CATALOGUE)) {
      expect(entry.description.da.length, entry.haendelsestype).toBeGreaterThan(5);
      expect(entry.description.en.length, entry.haendelsestype).toBeGreaterThan(5);
      expect(entry.description.da).not.toBe(entry.description.en);
    }
  });

  it('unknown types have no entry', () => {
    expect(isHaendelsestype('tilbud-start')).toBe(true);
    expect(isHaendelsestype('TILBUD-START')).toBe(false);
    expect(catalogueEntry('sygemelding')).toBeUndefined();
    expect(catalogueEntry(undefined)).toBeUndefined();
  });
});
