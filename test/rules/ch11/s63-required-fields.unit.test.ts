import { describe, expect, it } from 'vitest';
import type { Kapitel11Indberetning } from '../../../src/rules/ch11/index.ts';
import { s63RequiredFields } from '../../../src/rules/ch11/index.ts';
import { CPR_MOD11_FAILS, aReport, aTilbud, anOfferReport } from './given.ts';

// A schema-decoded report may hold values the TypeScript type rules out; tests build those on purpose.
const loose = (report: object): Kapitel11Indberetning => report as Kapitel11Indberetning;

const errorsOf = (report: Kapitel11Indberetning) => s63RequiredFields(report).errors;
const onlyError = (report: Kapitel11Indberetning) => {
  const errors = errorsOf(report);
  expect(errors).toHaveLength(1);
  const [error] = errors;
  if (error === undefined) throw new Error('unreachable');
  // Every reason names its field, in the field itself and in the message.
  expect(error.reason.message).toContain(error.reason.field);
  return error;
};

describe('§ 63 stk. 1: person, kommune, date, type', () => {
  it('given a complete § 61 report, there are no errors and no warnings', () => {
    expect(s63RequiredFields(aReport())).toEqual({ errors: [], warnings: [] });
  });

  it.each([
    ['070761-4285', 'cpr-format'],
    ['070761428', 'cpr-format'],
    ['', 'cpr-format'],
    ['3102611234', 'cpr-date'],
    ['2902001123', 'cpr-date'],
  ])('given cpr %j, it is refused (%s) under § 63 stk. 1 nr. 1', (cpr, code) => {
    const error = onlyError(aReport({ cpr }));
    expect(error).toMatchObject({ paragraph: '§ 63 stk. 1 nr. 1', reason: { field: 'cpr', code } });
    // Receipts and logs must not learn the CPR number from a reason.
    if (cpr !== '') expect(error.reason.message).not.toContain(cpr);
  });

  it('given a cpr failing modulus 11 only, it is a warning, never an error', () => {
    const result = s63RequiredFields(aReport({ cpr: CPR_MOD11_FAILS }));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'cpr-modulus11', field: 'cpr' })]);
  });

  it.each(['1010', '10', 'abc', '', '999'])('given kommunekode %j, it is refused under § 63 stk. 1 nr. 2', (kommunekode) => {
    expect(onlyError(aReport({ kommunekode }))).toMatchObject({ paragraph: '§ 63 stk. 1 nr. 2', reason: { field: 'kommunekode' } });
  });

  it.each(['2024-02-30', '04-03-2024', '2024-3-4', ''])('given haendelsesdato %j, it is refused under § 63 stk. 1 nr. 3', (haendelsesdato) => {
    expect(onlyError(aReport({ haendelsesdato }))).toMatchObject({ paragraph: '§ 63 stk. 1 nr. 3', reason: { field: 'haendelsesdato', code: 'invalid-date' } });
  });

  it('given an unknown haendelsestype, it is refused under § 63 stk. 1 nr. 4', () => {
    expect(onlyError(loose({ ...aReport(), haendelsestype: 'sygemelding' }))).toMatchObject({
      paragraph: '§ 63 stk. 1 nr. 4',
      reason: { field: 'haendelsestype', code: 'unknown-haendelsestype' },
    });
  });

  it('given a malformed kendskabsdato, it is refused and names kendskabsdato', () => {
    expect(onlyError(aReport({ kendskabsdato: '2024-13-01' }))).toMatchObject({ reason: { field: 'kendskabsdato' } });
  });

  it('given several faults, each is reported with its own field', () => {
    const fields = errorsOf(aReport({ cpr: 'x', kommunekode: 'y', haendelsesdato: 'z' })).map((e) => e.reason.field);
    expect(fields).toEqual(['cpr', 'kommunekode', 'haendelsesdato']);
  });
});

describe('§ 63 stk. 2: wage-subsidy employment names company and job', () => {
  const loentilskudReport = (loentilskud: Kapitel11Indberetning['loentilskud']) => aReport({ haendelsestype: 'loentilskud-ansaettelse', loentilskud });

  it('given company and job, there are no errors', () => {
    expect(errorsOf(loentilskudReport({ virksomhed: { cvr: '24256790' }, job: 'Lagermedarbejder' }))).toEqual([]);
  });

  it('given no loentilskud, it is refused under § 63 stk. 2', () => {
    expect(onlyError(loentilskudReport(null))).toMatchObject({ paragraph: '§ 63 stk. 2', reason: { field: 'loentilskud', code: 'missing-field' } });
  });

  it('given a CVR failing modulus 11, it is refused naming loentilskud.virksomhed.cvr', () => {
    expect(onlyError(loentilskudReport({ virksomhed: { cvr: '24256791' }, job: 'Kok' }))).toMatchObject({
      paragraph: '§ 63 stk. 2 nr. 1',
      reason: { field: 'loentilskud.virksomhed.cvr', code: 'cvr-modulus11' },
    });
  });

  it('given a blank job, it is refused naming loentilskud.job', () => {
    expect(onlyError(loentilskudReport({ virksomhed: { cvr: '24256790' }, job: '  ' }))).toMatchObject({ paragraph: '§ 63 stk. 2 nr. 2', reason: { field: 'loentilskud.job' } });
  });
});

describe('§ 63 stk. 3 and § 62 stk. 2: offer events carry the offer', () => {
  it('given a complete offer, there are no errors', () => {
    for (const type of ['tilbud-start', 'tilbud-slut', 'tilbud-aendring'] as const) expect(errorsOf(anOfferReport(type)), type).toEqual([]);
  });

  it('given no tilbud, it is refused under § 63 stk. 3', () => {
    expect(onlyError(aReport({ haendelsestype: 'tilbud-start', tilbud: null }))).toMatchObject({ paragraph: '§ 63 stk. 3', reason: { field: 'tilbud', code: 'missing-field' } });
  });

  it('given status UKENDT, there is no current status (§ 62 stk. 2)', () => {
    expect(onlyError(anOfferReport('tilbud-slut', { aktuelStatus: 'UKENDT' as never }))).toMatchObject({
      paragraph: '§ 62 stk. 2',
      reason: { field: 'tilbud.aktuelStatus', code: 'unknown-status' },
    });
  });

  it.each([
    [{ virksomhed: { cvr: '1234567' } }, 'tilbud.virksomhed.cvr'],
    [{ virksomhed: { cvr: '24256790', pNummer: '12345' } }, 'tilbud.virksomhed.pNummer'],
    [{ virksomhed: { cvr: '24256790', pNummer: '' } }, 'tilbud.virksomhed.pNummer'],
    [{ startdato: '2024-02-30' }, 'tilbud.startdato'],
    [{ slutdato: 'snart' }, 'tilbud.slutdato'],
    [{ startdato: '2024-09-01', slutdato: '2024-08-31' }, 'tilbud.slutdato'],
    [{ gennemsnitligUgentligTimetal: 0 }, 'tilbud.gennemsnitligUgentligTimetal'],
    [{ gennemsnitligUgentligTimetal: -5 }, 'tilbud.gennemsnitligUgentligTimetal'],
    [{ gennemsnitligUgentligTimetal: 168.5 }, 'tilbud.gennemsnitligUgentligTimetal'],
    [{ gennemsnitligUgentligTimetal: Number.NaN }, 'tilbud.gennemsnitligUgentligTimetal'],
    [{ afgivelsesdato: '' }, 'tilbud.afgivelsesdato'],
  ])('given tilbud %j, it is refused naming %s', (tilbud, field) => {
    expect(onlyError(anOfferReport('tilbud-start', tilbud as never)).reason.field).toBe(field);
  });

  it('the weekly-hours bounds are inclusive at 168 and exclusive at 0', () => {
    expect(errorsOf(anOfferReport('tilbud-start', { gennemsnitligUgentligTimetal: 168 }))).toEqual([]);
    expect(errorsOf(anOfferReport('tilbud-start', { gennemsnitligUgentligTimetal: 0.5 }))).toEqual([]);
  });

  it('start and end on the same day is a valid one-day offer', () => {
    expect(errorsOf(anOfferReport('tilbud-start', { startdato: '2024-05-06', slutdato: '2024-05-06' }))).toEqual([]);
  });

  it('given a malformed tilbud on a § 61 event, it is still refused, but status UKENDT is allowed there', () => {
    expect(onlyError(aReport({ haendelsestype: 'udeblivelse-tilbud', tilbud: aTilbud({ virksomhed: { cvr: '11111111' } }) })).reason.field).toBe('tilbud.virksomhed.cvr');
    expect(errorsOf(aReport({ haendelsestype: 'udeblivelse-tilbud', tilbud: loose({ ...aTilbud(), aktuelStatus: 'UKENDT' }) as never }))).toEqual([]);
  });
});

describe('§ 62 stk. 1 nr. 1: the offer-given date is needed for a start only', () => {
  it.each([null, undefined])('given a start without afgivelsesdato (%s), it is refused as missing under § 62 stk. 1 nr. 1', (afgivelsesdato) => {
    const error = onlyError(anOfferReport('tilbud-start', loose({ ...aTilbud(), afgivelsesdato }) as never));
    expect(error).toMatchObject({ paragraph: '§ 62 stk. 1 nr. 1', reason: { field: 'tilbud.afgivelsesdato', code: 'missing-field' } });
    expect(error.reason.message).toMatch(/^§ 62 stk\. 1 nr\. 1: tilbud\.afgivelsesdato is missing/);
  });

  it.each(['tilbud-slut', 'tilbud-aendring'] as const)('given %s without afgivelsesdato, nothing is missing (§ 63 stk. 3 does not list it)', (type) => {
    expect(errorsOf(anOfferReport(type, { afgivelsesdato: null }))).toEqual([]);
    expect(errorsOf(anOfferReport(type, loose({ ...aTilbud(), afgivelsesdato: undefined }) as never))).toEqual([]);
  });

  it('given an end with a malformed afgivelsesdato, it is still refused: what is sent must be a date', () => {
    expect(onlyError(anOfferReport('tilbud-slut', { afgivelsesdato: '22-04-2024' })).reason.field).toBe('tilbud.afgivelsesdato');
  });
});
