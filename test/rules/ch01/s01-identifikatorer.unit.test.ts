import { describe, expect, it } from 'vitest';
import { preSendCheck } from '../../../src/app/rules.ts';
import { newIndberetningId } from '../../../src/producers/validate.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../../src/producers/samples.ts';
import { carriesCpr, cprInIdentifiers, maskCprInIdentifiers } from '../../../src/rules/ch01/index.ts';
import { decideReport } from '../../../src/rules/engine.ts';

const [person] = samplePersons(1, ['aak'], 5);
const NOW = Date.parse('2026-11-30T10:00:00Z');

describe('§ 1 stk. 2: identifiers never carry a CPR number', () => {
  it('reads ten digits, or six, a dash and four, that begin with a birth date as a CPR number', () => {
    expect(carriesCpr('0511750067')).toBe(true);
    expect(carriesCpr('sag-051175-0067')).toBe(true);
    expect(carriesCpr('ID0511750067X')).toBe(true);
    expect(carriesCpr('[CPR]')).toBe(true); // the codec's mark
    expect(carriesCpr('3211750067')).toBe(false); // day 32: no birth date
    expect(carriesCpr('05117500671')).toBe(false); // eleven digits
    expect(carriesCpr('d3b07384-d9a0-4c9b-8f1e-2c5f0e5b7a11')).toBe(false);
  });

  it('refuses a report of any chapter whose id, correction reference or offer id carries one, naming each field', () => {
    const report = udeblivelse(person!, '0511750067', '2026-11-30', NOW).report;
    const withOffer = { ...report, rettelseAf: '051175-0067', tilbud: { tilbudId: 'T0511750067', startdato: '2026-11-01', slutdato: null, afgivelsesdato: '2026-10-01', virksomhed: { cvr: '12345678', pNummer: null } } };
    expect(cprInIdentifiers(withOffer).map((r) => r.field)).toEqual(['indberetningId', 'rettelseAf', 'tilbud.tilbudId']);
    const verdict = decideReport(11, withOffer as never, { now: NOW, person: { kontaktgruppe: 1, akasse: 'aak' } });
    expect(verdict).toMatchObject({ kind: 'rejected', paragraph: '§ 1 stk. 2' });
    const ch2 = kontaktgruppeStart(person!, '0511750067', '2026-11-30', NOW);
    expect(decideReport(2, ch2.report as never, { now: NOW, person: {} })).toMatchObject({ kind: 'rejected', reasons: [{ code: 'cpr-in-identifier', field: 'indberetningId' }] });
    // The SDK's and the web service's pre-send check refuses it too.
    expect(preSendCheck(2, ch2.report).map((r) => r.code)).toEqual(['cpr-in-identifier']);
    // No message repeats the number.
    expect(JSON.stringify(cprInIdentifiers(withOffer))).not.toContain('0511750067');
  });

  it('masks the number in identifiers only, leaving cpr and every other field as they are', () => {
    const report = { indberetningId: 'x-0511750067', cpr: '0511750067', tilbud: { tilbudId: '0511750067' }, kommentar: '0511750067' };
    expect(maskCprInIdentifiers(report)).toEqual({ indberetningId: 'x-[CPR]', cpr: '0511750067', tilbud: { tilbudId: '[CPR]' }, kommentar: '0511750067' });
    const clean = { indberetningId: 'a', cpr: '0511750067' };
    expect(maskCprInIdentifiers(clean)).toBe(clean);
    // Found in an array of records too; bytes (a decimal's Buffer) are not walked as fields.
    const listed = { indberetningId: 'b', beloeb: Buffer.from('0511750067'), hold: [{ holdId: 'h1' }, { holdId: 'h-0511750067' }] };
    expect(maskCprInIdentifiers(listed)).toEqual({ ...listed, hold: [{ holdId: 'h1' }, { holdId: 'h-[CPR]' }] });
    expect(cprInIdentifiers(listed).map((r) => r.field)).toEqual(['hold[1].holdId']);
  });

  it('never generates a report id that would be refused', () => {
    for (let i = 0; i < 5000; i++) expect(carriesCpr(newIndberetningId())).toBe(false);
  });
});
