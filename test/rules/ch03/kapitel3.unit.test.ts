import { describe, expect, it } from 'vitest';
import { decideKapitel3 } from '../../../src/rules/ch03/index.ts';
import { ctxOn, kapitel3, registeredOn } from '../fixtures.ts';

describe('§ 14 stk. 2: a job interview may be registered at most 7 days back', () => {
  it('is on time on the day and 7 days later, due the 7th day', () => {
    expect(decideKapitel3(kapitel3(), ctxOn('2011-03-01'))).toEqual({ kind: 'on-time', paragraph: '§ 14 stk. 2', dueDate: '2011-03-08', warnings: [] });
    expect(decideKapitel3(kapitel3(), ctxOn('2011-03-08')).kind).toBe('on-time');
  });

  it('rejects it 8 days back', () => {
    const v = decideKapitel3(kapitel3(), ctxOn('2011-03-09'));
    expect(v.kind).toBe('rejected');
    if (v.kind === 'rejected') expect(v.reasons[0]).toMatchObject({ code: 'jobsamtale-older-than-7-days', field: 'haendelsesdato' });
  });

  it('rejects an interview in the future', () => {
    const v = decideKapitel3(kapitel3(), ctxOn('2011-02-28'));
    expect(v.kind === 'rejected' && v.reasons[0]?.code).toBe('held-in-future');
  });

  it('lets the match group apply only from the registration day', () => {
    const ok = kapitel3({ registreretTidspunkt: registeredOn('2011-03-03'), matchgruppeGaelderFra: '2011-03-03' });
    expect(decideKapitel3(ok, ctxOn('2011-03-03')).kind).toBe('on-time');
    const backdated = kapitel3({ registreretTidspunkt: registeredOn('2011-03-03'), matchgruppeGaelderFra: '2011-03-01' });
    const v = decideKapitel3(backdated, ctxOn('2011-03-03'));
    expect(v.kind === 'rejected' && v.reasons[0]?.field).toBe('matchgruppeGaelderFra');
  });
});

describe('§ 14 / § 15 fields', () => {
  it('requires the agreement at a job interview, but not at a § 15 match group change', () => {
    const v = decideKapitel3(kapitel3({ aftale: null }), ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons.map((r) => r.field)).toEqual(['aftale']);
    const change = kapitel3({ haendelsestype: 'MATCHGRUPPE_AENDRING', aftale: null });
    expect(decideKapitel3(change, ctxOn('2011-03-20'))).toMatchObject({ kind: 'on-time', paragraph: '§ 15' });
  });

  it('rejects matchgruppe 4', () => {
    const v = decideKapitel3(kapitel3({ matchgruppe: 4 }), ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons[0]?.field).toBe('matchgruppe');
  });
});

describe('§ 13 personkreds', () => {
  it.each([1, 2, 4, 5, 7])('covers kontaktgruppe %i', (kontaktgruppe) => {
    expect(decideKapitel3(kapitel3(), ctxOn('2011-03-01', { kontaktgruppe })).kind).toBe('on-time');
  });

  it.each([6, 8])('leaves kontaktgruppe %i out of scope', (kontaktgruppe) => {
    expect(decideKapitel3(kapitel3(), ctxOn('2011-03-01', { kontaktgruppe }))).toMatchObject({ kind: 'out-of-scope', paragraph: '§ 13' });
  });

  it('covers kontaktgruppe 3 for job interviews only (stk. 2)', () => {
    expect(decideKapitel3(kapitel3(), ctxOn('2011-03-01', { kontaktgruppe: 3 })).kind).toBe('on-time');
    const change = kapitel3({ haendelsestype: 'MATCHGRUPPE_AENDRING' });
    expect(decideKapitel3(change, ctxOn('2011-03-01', { kontaktgruppe: 3 })).kind).toBe('out-of-scope');
  });

  it('delivers with a warning when no kontaktgruppe is known yet', () => {
    const v = decideKapitel3(kapitel3(), ctxOn('2011-03-01', {}));
    expect(v.kind).toBe('on-time');
    expect(v.warnings.map((w) => w.code)).toEqual(['kontaktgruppe-unknown']);
  });
});
