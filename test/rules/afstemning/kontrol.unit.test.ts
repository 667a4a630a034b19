import { describe, expect, it } from 'vitest';
import { afstem, DEFAULT_AFSTEMNINGSREGLER, efterproev, naesteKontrol, tomtRegnskab, type Afstemningsfakta, type Afstemningsregler, type Personregnskab } from '../../../src/rules/afstemning/index.ts';

// ledger(facts, each on its day) → the day time alone next opens a discrepancy, and the re-check on that day.
const PERSON = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const at = (day: string) => Date.parse(`${day}T00:00:00+01:00`);
const ctx = (idag: string, regler: Afstemningsregler = DEFAULT_AFSTEMNINGSREGLER) => ({ personnoegle: PERSON, idag, regler });

const ledger = (steps: ReadonlyArray<readonly [day: string, fact: Afstemningsfakta]>, regler: Afstemningsregler = DEFAULT_AFSTEMNINGSREGLER): Personregnskab =>
  steps.reduce((r, [day, fact]) => afstem(r, fact, ctx(day, regler), at(day)).regnskab, tomtRegnskab());

const head = (id: string) => ({ indberetningId: id, kildesystem: 'sag', kommunekode: '101', rettelseAf: null });
const kgStart = (id: string, kontaktgruppe: number, startdato: string, slutdato: string | null = null): Afstemningsfakta =>
  ({ kind: 'registrering', kapitel: 2, report: { ...head(id), haendelsestype: 'KONTAKTGRUPPE_START', haendelsesdato: startdato, kontaktgruppe: { kontaktgruppe, startdato, slutdato } } });
const maaling = (id: string, foranstaltningId: string, startdato: string, slutdato: string): Afstemningsfakta =>
  ({ kind: 'registrering', kapitel: 8, report: { ...head(id), haendelsestype: 'FORANSTALTNING', foranstaltning: { foranstaltningId, startdato, slutdato } } });
const tilbudSlut = (id: string, tilbudId: string, startdato: string, slutdato: string): Afstemningsfakta =>
  ({ kind: 'registrering', kapitel: 11, report: { ...head(id), haendelsestype: 'tilbud-slut', tilbud: { tilbudId, aktuelStatus: 'AFSLUTTET', startdato, slutdato } } });
const udbetaling = (id: string, ydelse: string, fradato: string, tildato: string, extra: Record<string, unknown> = {}): Afstemningsfakta =>
  ({ kind: 'udbetaling', record: { udbetalingId: id, kildesystem: 'kmd', kommunekode: '101', ydelse, fradato, tildato, beloebOere: 100_000, udbetalingsdato: tildato, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, ...extra } });
const bevilling = (id: string, ydelse: string, fradato: string, tildato: string | null, afgoerelsesdato: string, extra: Record<string, unknown> = {}): Afstemningsfakta =>
  ({ kind: 'bevilling', record: { bevillingId: id, kildesystem: 'kmd', kommunekode: '101', ydelse, fradato, tildato, afgoerelsesdato, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, ...extra } });

describe('naesteKontrol: the day time alone opens a discrepancy (§ 9, registreringDage)', () => {
  it('dagpenge granted from today with no kontaktgruppe registered: re-checked when the registration tolerance has run out, and opened then', () => {
    const r = ledger([['2011-03-01', bevilling('b1', 'DAGPENGE', '2011-03-01', null, '2011-03-01')]]);
    expect(Object.keys(r.afvigelser)).toEqual([]);
    expect(naesteKontrol(r, ctx('2011-03-01'))).toBe('2011-03-08');
    // A day early, nothing yet: the very same ledger.
    const early = efterproev(r, ctx('2011-03-07'), at('2011-03-07'));
    expect(early).toEqual({ regnskab: r, aendringer: [] });
    expect(early.regnskab).toBe(r);
    const due = efterproev(r, ctx('2011-03-08'), at('2011-03-08'));
    expect(due.aendringer).toEqual([{ status: 'AABEN', afvigelse: expect.objectContaining({ regel: 'kontaktgruppe-ydelse', kilde: 'bevilling:b1', fradato: '2011-03-01', tildato: '2011-03-01', aabnet: at('2011-03-08') }) }]);
    // Open now, it grows at the person's next record: time alone opens nothing new.
    expect(naesteKontrol(due.regnskab, ctx('2011-03-08'))).toBeUndefined();
  });

  it('a kontaktgruppe registered within the tolerance: no re-check is needed, and a re-check already asked for opens nothing', () => {
    const granted = ledger([['2011-03-01', bevilling('b1', 'DAGPENGE', '2011-03-01', null, '2011-03-01')]]);
    const registered = afstem(granted, kgStart('r1', 1, '2011-03-01'), ctx('2011-03-05'), at('2011-03-05')).regnskab;
    expect(naesteKontrol(registered, ctx('2011-03-05'))).toBeUndefined();
    const recheck = efterproev(registered, ctx('2011-03-08'), at('2011-03-08'));
    expect(recheck.aendringer).toEqual([]);
    expect(recheck.regnskab).toBe(registered);
  });

  it('a group registered for part of an open grant: re-checked when the first day after it has trailed the tolerance', () => {
    const r = ledger([['2011-03-01', kgStart('r1', 1, '2011-03-01', '2011-03-10')], ['2011-03-02', bevilling('b1', 'DAGPENGE', '2011-03-01', null, '2011-03-01')]]);
    expect(naesteKontrol(r, ctx('2011-03-02'))).toBe('2011-03-18');
    expect(naesteKontrol(r, ctx('2011-03-02', { ...DEFAULT_AFSTEMNINGSREGLER, registreringDage: 1 }))).toBe('2011-03-12');
  });

  it('a benefit already counted in full and covered, or a benefit no group fits: nothing to re-check', () => {
    const covered = ledger([['2011-03-01', kgStart('r1', 2, '2011-03-01')], ['2011-04-20', udbetaling('u1', 'KONTANTHJAELP', '2011-03-01', '2011-03-31')]]);
    expect(naesteKontrol(covered, ctx('2011-04-20'))).toBeUndefined();
    const noRule = ledger([['2011-03-01', udbetaling('u1', 'FORANSTALTNING', '2011-01-01', '2011-01-31')]]);
    expect(noRule.afvigelser).not.toEqual({});
    expect(naesteKontrol(noRule, ctx('2011-03-01'))).toBeUndefined();
  });
});

describe('naesteKontrol: measures, aids and ended offers', () => {
  it('a measure granted ahead: judged on its first day plus the tolerance; reported, re-checked on the first day outside the reported period', () => {
    const granted = ledger([['2011-03-20', bevilling('b1', 'FORANSTALTNING', '2011-04-01', '2011-06-30', '2011-03-20', { foranstaltningId: 'M1' })]]);
    expect(naesteKontrol(granted, ctx('2011-03-20'))).toBe('2011-04-08');
    const reported = afstem(granted, maaling('r1', 'M1', '2011-04-01', '2011-05-31'), ctx('2011-03-25'), at('2011-03-25')).regnskab;
    expect(naesteKontrol(reported, ctx('2011-03-25'))).toBe('2011-06-01');
    expect(naesteKontrol(reported, ctx('2011-03-25', { ...DEFAULT_AFSTEMNINGSREGLER, efterslutDage: 14 }))).toBe('2011-06-15');
  });

  it('an aid paid today: re-checked when the tolerance after its pay day runs out', () => {
    const r = ledger([['2011-03-10', udbetaling('u1', 'HJAELPEMIDDEL', '2011-03-10', '2011-03-10', { hjaelpemiddel: 'ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER' })]]);
    expect(naesteKontrol(r, ctx('2011-03-10'))).toBe('2011-03-17');
  });

  it('a wage subsidy granted past the end of an offer reported ended: re-checked on the first day past the end (and efterslutDage)', () => {
    const r = ledger([
      ['2011-05-01', tilbudSlut('t1', 'T', '2011-01-01', '2011-06-30')],
      ['2011-05-01', bevilling('b1', 'LOENTILSKUD', '2011-01-01', '2011-12-31', '2011-01-01', { tilbudId: 'T' })],
    ]);
    expect(naesteKontrol(r, ctx('2011-05-01'))).toBe('2011-07-01');
    expect(naesteKontrol(r, ctx('2011-05-01', { ...DEFAULT_AFSTEMNINGSREGLER, efterslutDage: 14 }))).toBe('2011-07-15');
  });
});
