import { describe, expect, it } from 'vitest';
import { afstem, DEFAULT_AFSTEMNINGSREGLER, tomtRegnskab, type Afstemningsfakta, type Afstemningsregler, type Afvigelsesaendring, type Personregnskab } from '../../../src/rules/afstemning/index.ts';

// given(facts, each on its day).then(the discrepancies open now, and what the last fact changed)
const PERSON = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const at = (day: string) => Date.parse(`${day}T12:00:00+01:00`);

const given = (steps: ReadonlyArray<readonly [day: string, fact: Afstemningsfakta]>, regler: Afstemningsregler = DEFAULT_AFSTEMNINGSREGLER) => {
  let r: Personregnskab = tomtRegnskab();
  let last: readonly Afvigelsesaendring[] = [];
  for (const [day, fact] of steps) {
    const out = afstem(r, fact, { personnoegle: PERSON, idag: day, regler }, at(day));
    r = out.regnskab;
    last = out.aendringer;
  }
  return { open: Object.values(r.afvigelser), last };
};

const head = (id: string, extra: Record<string, unknown> = {}) => ({ indberetningId: id, kildesystem: 'sag', kommunekode: '101', rettelseAf: null, ...extra });
const kgStart = (id: string, kontaktgruppe: number, startdato: string, extra: Record<string, unknown> = {}): Afstemningsfakta =>
  ({ kind: 'registrering', kapitel: 2, report: { ...head(id, extra), haendelsestype: 'KONTAKTGRUPPE_START', haendelsesdato: startdato, kontaktgruppe: { kontaktgruppe, startdato, slutdato: null } } });
const kgSlut = (id: string, kontaktgruppe: number, slutdato: string, extra: Record<string, unknown> = {}): Afstemningsfakta =>
  ({ kind: 'registrering', kapitel: 2, report: { ...head(id, extra), haendelsestype: 'KONTAKTGRUPPE_SLUT', haendelsesdato: slutdato, kontaktgruppe: { kontaktgruppe, startdato: slutdato, slutdato } } });
const maaling = (kapitel: 8 | 9, id: string, foranstaltningId: string, startdato: string, slutdato: string, extra: Record<string, unknown> = {}): Afstemningsfakta =>
  ({ kind: 'registrering', kapitel, report: { ...head(id, extra), haendelsestype: 'FORANSTALTNING', foranstaltning: { foranstaltningId, startdato, slutdato } } });
const hjaelpemiddel = (id: string, godkendt: string): Afstemningsfakta =>
  ({ kind: 'registrering', kapitel: 10, report: { ...head(id), haendelsestype: 'TILSKUD_BEVILGET', haendelsesdato: godkendt, hjaelpemiddel: 'ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER' } });
const tilbud = (id: string, haendelsestype: string, tilbudId: string, aktuelStatus: string, startdato: string, slutdato: string): Afstemningsfakta =>
  ({ kind: 'registrering', kapitel: 11, report: { ...head(id), haendelsestype, tilbud: { tilbudId, aktuelStatus, startdato, slutdato } } });
const udbetaling = (id: string, ydelse: string, fradato: string, tildato: string, extra: Record<string, unknown> = {}): Afstemningsfakta =>
  ({ kind: 'udbetaling', record: { udbetalingId: id, kildesystem: 'kmd', kommunekode: '101', ydelse, fradato, tildato, beloebOere: 100_000, udbetalingsdato: tildato, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, ...extra } });
const bevilling = (id: string, ydelse: string, fradato: string, tildato: string | null, extra: Record<string, unknown> = {}): Afstemningsfakta =>
  ({ kind: 'bevilling', record: { bevillingId: id, kildesystem: 'kmd', kommunekode: '101', ydelse, fradato, tildato, afgoerelsesdato: fradato, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, ...extra } });

describe('§ 9: a maintenance benefit fits the kontaktgruppe registered for the same days (chapter 2)', () => {
  it('a person moving from kontaktgruppe 1 to 2 mid-month, paid dagpenge for the whole month: the days in group 2 disagree', () => {
    const { open } = given([
      ['2011-02-01', kgStart('r1', 1, '2011-02-01')],
      ['2011-03-14', kgSlut('r2', 1, '2011-03-14')],
      ['2011-03-15', kgStart('r3', 2, '2011-03-15')],
      ['2011-04-20', udbetaling('u-mar', 'DAGPENGE', '2011-03-01', '2011-03-31')],
    ]);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ regel: 'kontaktgruppe-ydelse', paragraf: '§ 9', kapitel: 2, personnoegle: PERSON, kommunekode: '101', fradato: '2011-03-15', tildato: '2011-03-31', kilde: 'udbetaling:u-mar' });
    expect(open[0]!.beskrivelse).toContain('kontaktgruppe 2 only');
  });

  it('the same move, paid dagpenge up to the 14th and kontanthjælp from the 15th: nothing disagrees', () => {
    const { open } = given([
      ['2011-02-01', kgStart('r1', 1, '2011-02-01')],
      ['2011-03-15', kgStart('r3', 2, '2011-03-15')], // the start of group 2 ends group 1 the day before
      ['2011-04-20', udbetaling('u1', 'DAGPENGE', '2011-03-01', '2011-03-14')],
      ['2011-04-20', udbetaling('u2', 'KONTANTHJAELP', '2011-03-15', '2011-03-31')],
    ]);
    expect(open).toEqual([]);
  });

  it('a grant decided before the group is registered is not a discrepancy within the tolerance; one registered later closes it and says when', () => {
    const early = given([['2011-03-03', bevilling('b1', 'DAGPENGE', '2011-03-01', null)]]);
    expect(early.open).toEqual([]); // 2011-03-01 is within registreringDage (7) of 2011-03-03
    const { open, last } = given([
      ['2011-03-03', bevilling('b1', 'DAGPENGE', '2011-03-01', null)],
      ['2011-03-20', udbetaling('u0', 'KONTANTHJAELP', '2011-03-20', '2011-03-20', { kommunekode: '147' })],
      ['2011-03-21', kgStart('r1', 1, '2011-03-01')],
    ]);
    expect(open.filter((a) => a.kilde === 'bevilling:b1')).toEqual([]);
    expect(last).toContainEqual(expect.objectContaining({ status: 'LUKKET', lukket: at('2011-03-21'), afvigelse: expect.objectContaining({ kilde: 'bevilling:b1', aabnet: at('2011-03-20') }) }));
  });

  it('a correction of the group\'s start (rettelseAf) replaces it: the discrepancy it caused closes', () => {
    const { open, last } = given([
      ['2011-03-01', kgStart('r1', 2, '2011-03-01')],
      ['2011-04-05', udbetaling('u1', 'DAGPENGE', '2011-03-01', '2011-03-31')],
      ['2011-04-06', kgStart('r1b', 1, '2011-03-01', { rettelseAf: 'r1' })],
    ]);
    expect(open).toEqual([]);
    expect(last).toEqual([expect.objectContaining({ status: 'LUKKET', lukket: at('2011-04-06') })]);
  });

  it('a payment reversed (annulleret) closes its discrepancy', () => {
    const { open } = given([
      ['2011-04-05', udbetaling('u1', 'DAGPENGE', '2011-03-01', '2011-03-31')],
      ['2011-04-06', udbetaling('u1', 'DAGPENGE', '2011-03-01', '2011-03-31', { annulleret: true })],
    ]);
    expect(open).toEqual([]);
  });
});

describe('§§ 45, 51: a measure paid for is the measure reported (chapters 8, 9)', () => {
  it('a payment arriving days after the registration, for the reported period: nothing disagrees', () => {
    expect(given([
      ['2011-03-01', maaling(9, 'r1', 'F-7', '2011-03-01', '2011-05-31')],
      ['2011-04-04', udbetaling('u1', 'FORANSTALTNING', '2011-03-01', '2011-03-31', { foranstaltningId: 'F-7' })],
    ]).open).toEqual([]);
  });

  it('a measure paid for and never reported is found once the registration tolerance has passed, and closed when it is reported', () => {
    const steps = [['2011-04-04', udbetaling('u1', 'FORANSTALTNING', '2011-03-01', '2011-03-31', { foranstaltningId: 'F-8' })]] as const;
    const { open } = given(steps);
    expect(open).toEqual([expect.objectContaining({ regel: 'foranstaltning-betalt', paragraf: '§§ 45, 51', fradato: '2011-03-01', tildato: '2011-03-31' })]);
    expect(open[0]!.beskrivelse).toContain('no measure with that id is reported');
    const after = given([...steps, ['2011-04-08', maaling(8, 'r9', 'F-8', '2011-03-01', '2011-06-30')]]);
    expect(after.open).toEqual([]);
    expect(after.last).toEqual([expect.objectContaining({ status: 'LUKKET', lukket: at('2011-04-08') })]);
  });

  it('paid past the reported end: the days after it disagree, until a correction moves the end', () => {
    const steps = [
      ['2011-03-01', maaling(8, 'r1', 'F-1', '2011-03-01', '2011-03-15')],
      ['2011-04-04', udbetaling('u1', 'FORANSTALTNING', '2011-03-01', '2011-03-31', { foranstaltningId: 'F-1' })],
    ] as const;
    expect(given(steps).open).toEqual([expect.objectContaining({ paragraf: '§ 45', kapitel: 8, fradato: '2011-03-16', tildato: '2011-03-31' })]);
    expect(given([...steps, ['2011-04-05', maaling(8, 'r2', 'F-1', '2011-03-01', '2011-03-31', { rettelseAf: 'r1' })]]).open).toEqual([]);
    expect(given(steps, { ...DEFAULT_AFSTEMNINGSREGLER, efterslutDage: 16 }).open).toEqual([]);
  });
});

describe('§ 56: an aid paid for is the aid reported (chapter 10)', () => {
  it('paid without a grant reported: a discrepancy, closed by the chapter 10 report', () => {
    const paid = udbetaling('u1', 'HJAELPEMIDDEL', '2011-03-10', '2011-03-10', { hjaelpemiddel: 'ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER' });
    expect(given([['2011-03-20', paid]]).open).toEqual([expect.objectContaining({ regel: 'hjaelpemiddel-betalt', paragraf: '§ 56', kapitel: 10, fradato: '2011-03-10' })]);
    expect(given([['2011-03-20', paid], ['2011-03-21', hjaelpemiddel('r1', '2011-03-01')]]).open).toEqual([]);
  });

  it('a grant whose decision date is not the reported approval date disagrees', () => {
    const { open } = given([
      ['2011-03-01', hjaelpemiddel('r1', '2011-03-01')],
      ['2011-03-20', bevilling('b1', 'HJAELPEMIDDEL', '2011-03-04', '2011-03-04', { hjaelpemiddel: 'ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER' })],
    ]);
    expect(open[0]!.beskrivelse).toContain('chapter 10 reports its approval on 2011-03-01');
  });
});

describe('§ 65: an offer reported ended is not still paid (chapter 11)', () => {
  it('wage subsidy paid for the weeks after the reported end disagrees; within efterslutDage it does not', () => {
    const steps = [
      ['2011-01-10', tilbud('r1', 'tilbud-start', 'T-1', 'AKTIV', '2011-01-10', '2011-06-30')],
      ['2011-03-15', tilbud('r2', 'tilbud-slut', 'T-1', 'AFBRUDT', '2011-01-10', '2011-03-15')],
      ['2011-04-02', udbetaling('u1', 'LOENTILSKUD', '2011-03-01', '2011-03-31', { tilbudId: 'T-1' })],
    ] as const;
    expect(given(steps).open).toEqual([expect.objectContaining({ regel: 'tilbud-afsluttet-betalt', paragraf: '§ 65', kapitel: 11, fradato: '2011-03-16', tildato: '2011-03-31' })]);
    expect(given(steps, { ...DEFAULT_AFSTEMNINGSREGLER, efterslutDage: 16 }).open).toEqual([]);
  });

  it('an offer still active may be paid', () => {
    expect(given([
      ['2011-01-10', tilbud('r1', 'tilbud-start', 'T-1', 'AKTIV', '2011-01-10', '2011-06-30')],
      ['2011-04-02', udbetaling('u1', 'LOENTILSKUD', '2011-03-01', '2011-03-31', { tilbudId: 'T-1' })],
    ]).open).toEqual([]);
  });
});

describe('re-checking a person', () => {
  it('a record no rule reads (a chapter 11 interview) returns the very ledger it was given: nothing to write', () => {
    const r = tomtRegnskab();
    const out = afstem(r, { kind: 'registrering', kapitel: 11, report: { ...head('i1'), haendelsestype: 'udeblivelse-samtale', tilbud: null } }, { personnoegle: PERSON, idag: '2026-03-01', regler: DEFAULT_AFSTEMNINGSREGLER }, at('2026-03-01'));
    expect(out.regnskab).toBe(r);
    expect(out.aendringer).toEqual([]);
  });
});
