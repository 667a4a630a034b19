import { describe, expect, it } from 'vitest';
import { decideKapitel8, type Kapitel8Foranstaltning } from '../../../src/rules/ch08/index.ts';
import { ctxOn, kapitel8 } from '../fixtures.ts';

const measure = (over: Partial<Kapitel8Foranstaltning>) => {
  const base = kapitel8().foranstaltning as Kapitel8Foranstaltning;
  return kapitel8({ foranstaltning: { ...base, ...over } });
};
const fieldsOf = (v: ReturnType<typeof decideKapitel8>) => (v.kind === 'rejected' ? v.reasons.map((r) => r.field) : []);

describe('§ 44: measures for the insured', () => {
  it('accepts a complete company-directed measure', () => {
    expect(decideKapitel8(kapitel8(), ctxOn('2011-03-01'))).toEqual({ kind: 'on-time', paragraph: '§ 44', dueDate: '2011-03-01', warnings: [] });
  });

  it('checks the jobcentres as kommunekoder (nr. 3-4)', () => {
    expect(fieldsOf(decideKapitel8(measure({ ansvarligtJobcenter: '999' }), ctxOn('2011-03-01')))).toEqual(['foranstaltning.ansvarligtJobcenter']);
  });

  it('rejects an end before the start and more than 168 weekly hours', () => {
    expect(fieldsOf(decideKapitel8(measure({ slutdato: '2011-02-01' }), ctxOn('2011-03-01')))).toEqual(['foranstaltning.slutdato']);
    expect(fieldsOf(decideKapitel8(measure({ gennemsnitligtUgentligtTimetal: 169 }), ctxOn('2011-03-01')))).toEqual(['foranstaltning.gennemsnitligtUgentligtTimetal']);
  });

  it('requires CVR and P-nummer of the activity provider (nr. 16) and rejects a bad CVR', () => {
    const base = kapitel8().foranstaltning as Kapitel8Foranstaltning;
    const v = base.virksomhedsrettet!;
    expect(fieldsOf(decideKapitel8(measure({ virksomhedsrettet: { ...v, aktivitetsudbyder: { cvr: '24256790', pNummer: null } } }), ctxOn('2011-03-01'))))
      .toEqual(['foranstaltning.virksomhedsrettet.aktivitetsudbyder.pNummer']);
    expect(fieldsOf(decideKapitel8(measure({ virksomhedsrettet: { ...v, aktivitetsudbyder: { cvr: '24256791', pNummer: '1003388394' } } }), ctxOn('2011-03-01'))))
      .toEqual(['foranstaltning.virksomhedsrettet.aktivitetsudbyder.cvr']);
  });

  it('requires the ministry area for wage subsidy in a state institution (nr. 17)', () => {
    const v = (kapitel8().foranstaltning as Kapitel8Foranstaltning).virksomhedsrettet!;
    expect(fieldsOf(decideKapitel8(measure({ virksomhedsrettet: { ...v, statsligInstitution: true } }), ctxOn('2011-03-01'))))
      .toEqual(['foranstaltning.virksomhedsrettet.ministeromraade']);
  });

  it('requires the course part for a course (nr. 19-21)', () => {
    expect(fieldsOf(decideKapitel8(measure({ kategori: 'KURSUS', virksomhedsrettet: null }), ctxOn('2011-03-01')))).toEqual(['foranstaltning.kursus']);
  });

  it('accepts a job plan without a revision date and rejects one revised before it was created', () => {
    const plan = { jobplanId: 'JP-1', oprettelsesdato: '2011-02-01', revisionsdato: null, beskaeftigelsesmaal: 'Job som tømrer' };
    expect(decideKapitel8(kapitel8({ haendelsestype: 'JOBPLAN', foranstaltning: null, jobplan: plan }), ctxOn('2011-03-01')).kind).toBe('on-time');
    const bad = kapitel8({ haendelsestype: 'JOBPLAN', foranstaltning: null, jobplan: { ...plan, revisionsdato: '2011-01-01' } });
    expect(fieldsOf(decideKapitel8(bad, ctxOn('2011-03-01')))).toEqual(['jobplan.revisionsdato']);
  });

  it('rejects a personkreds outside § 43', () => {
    expect(fieldsOf(decideKapitel8(kapitel8({ personkreds: 'KONTANTHJAELP' as never }), ctxOn('2011-03-01')))).toEqual(['personkreds']);
  });
});
