import { describe, expect, it } from 'vitest';
import { HAENDELSESTYPER, KAPITEL11_CATALOGUE, s60Personkreds } from '../../../src/rules/ch11/index.ts';
import { FLEKSJOB, KONTAKTGRUPPE_1 } from './given.ts';

const OFFER_EVENTS = ['tilbud-start', 'tilbud-slut', 'tilbud-aendring'];

describe('§ 60 personkreds', () => {
  it('given kontaktgruppe 1, every event type is covered (§ 60 stk. 1 nr. 1)', () => {
    for (const type of HAENDELSESTYPER) {
      expect(s60Personkreds(KONTAKTGRUPPE_1, KAPITEL11_CATALOGUE[type]), type).toEqual({ covered: true, paragraph: '§ 60 stk. 1 nr. 1' });
    }
  });

  it('given an a-kasse member in a fleksjob, only § 62 offer events are covered (§ 60 stk. 2)', () => {
    for (const type of HAENDELSESTYPER) {
      const finding = s60Personkreds(FLEKSJOB, KAPITEL11_CATALOGUE[type]);
      expect(finding.covered, type).toBe(OFFER_EVENTS.includes(type));
      if (finding.covered) expect(finding.paragraph).toBe('§ 60 stk. 1 nr. 2');
      else {
        expect(finding.paragraph).toBe('§ 60 stk. 2');
        expect(finding.reason).toMatchObject({ code: 'fleksjob-only-s62', field: 'kontaktgruppe' });
        expect(finding.reason.message).toContain('kontaktgruppe');
        expect(finding.reason.message).toContain('§ 62');
      }
    }
  });

  it('given kontaktgruppe 1 in a fleksjob, the § 61 events are still covered', () => {
    expect(s60Personkreds({ ...FLEKSJOB, kontaktgruppe: 1 }, KAPITEL11_CATALOGUE['udeblivelse-samtale']).covered).toBe(true);
  });

  it('given another kontaktgruppe and no fleksjob, the person is out of scope, and the reason names the group', () => {
    const finding = s60Personkreds({ kontaktgruppe: 2, akasse: '10' }, KAPITEL11_CATALOGUE['tilbud-start']);
    expect(finding).toMatchObject({ covered: false, paragraph: '§ 60 stk. 1', reason: { code: 'not-in-personkreds', field: 'kontaktgruppe' } });
    if (!finding.covered) expect(finding.reason.message).toMatch(/kontaktgruppe is 2/);
  });

  it('given no kontaktgruppe known, the person is out of scope and the reason says it is unknown', () => {
    const finding = s60Personkreds({}, KAPITEL11_CATALOGUE['udeblivelse-samtale']);
    expect(finding.covered).toBe(false);
    if (!finding.covered) expect(finding.reason.message).toMatch(/kontaktgruppe is unknown/);
  });

  it('fleksjob false is not fleksjob', () => {
    expect(s60Personkreds({ kontaktgruppe: 5, fleksjob: false }, KAPITEL11_CATALOGUE['tilbud-start']).covered).toBe(false);
  });
});
