import { describe, expect, it } from 'vitest';
import { decideKapitel9, type Kapitel9Foranstaltning } from '../../../src/rules/ch09/index.ts';
import { ctxOn, kapitel9 } from '../fixtures.ts';

const base = () => kapitel9().foranstaltning as Kapitel9Foranstaltning;
const withCompany = (over: Partial<NonNullable<Kapitel9Foranstaltning['virksomhedsrettet']>>) =>
  kapitel9({ foranstaltning: { ...base(), virksomhedsrettet: { ...base().virksomhedsrettet!, ...over } } });
const fieldsOf = (v: ReturnType<typeof decideKapitel9>) => (v.kind === 'rejected' ? v.reasons.map((r) => r.field) : []);

describe('§ 50: measures for the non-insured', () => {
  it('accepts a complete company-directed measure', () => {
    expect(decideKapitel9(kapitel9(), ctxOn('2011-03-01'))).toEqual({ kind: 'on-time', paragraph: '§ 50', dueDate: '2011-03-01', warnings: [] });
  });

  it('requires the workplace address when CVR or P-nummer is missing (nr. 15)', () => {
    expect(fieldsOf(decideKapitel9(withCompany({ aktivitetsudbyder: null }), ctxOn('2011-03-01')))).toEqual(['foranstaltning.virksomhedsrettet.arbejdsstedAdresse']);
    expect(decideKapitel9(withCompany({ aktivitetsudbyder: null, arbejdsstedAdresse: 'Søndergade 1, 8000 Aarhus C' }), ctxOn('2011-03-01')).kind).toBe('on-time');
    expect(fieldsOf(decideKapitel9(withCompany({ aktivitetsudbyder: { cvr: '24256790', pNummer: null } }), ctxOn('2011-03-01')))).toEqual(['foranstaltning.virksomhedsrettet.arbejdsstedAdresse']);
  });

  it('requires the main benefit (nr. 7)', () => {
    expect(fieldsOf(decideKapitel9(kapitel9({ foranstaltning: { ...base(), hovedydelse: '' } }), ctxOn('2011-03-01')))).toEqual(['foranstaltning.hovedydelse']);
  });

  it('does not require a job plan with a measure (§ 68 stk. 4) but checks one sent on its own', () => {
    expect(decideKapitel9(kapitel9({ jobplan: null }), ctxOn('2011-03-01')).kind).toBe('on-time');
    const v = decideKapitel9(kapitel9({ haendelsestype: 'JOBPLAN', foranstaltning: null, jobplan: null }), ctxOn('2011-03-01'));
    expect(fieldsOf(v)).toEqual(['jobplan']);
  });

  it('rejects a personkreds outside § 49 nr. 1-6', () => {
    expect(fieldsOf(decideKapitel9(kapitel9({ personkreds: 7 }), ctxOn('2011-03-01')))).toEqual(['personkreds']);
  });
});
