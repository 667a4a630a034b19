import { describe, expect, it } from 'vitest';
import { BILAG1, decideKapitel4 } from '../../../src/rules/ch04/index.ts';
import { ctxOn, kapitel4 } from '../fixtures.ts';

describe('§ 21 stk. 2: same day as the reason becomes known or the exemption is approved', () => {
  it('times an absence from kendskabsdato', () => {
    expect(decideKapitel4(kapitel4(), ctxOn('2011-03-01'))).toEqual({ kind: 'on-time', paragraph: '§ 21 stk. 2', dueDate: '2011-03-01', warnings: [] });
    expect(decideKapitel4(kapitel4(), ctxOn('2011-03-03'))).toMatchObject({ kind: 'late', daysLate: 2, dueDate: '2011-03-01' });
  });

  it('requires kendskabsdato for an absence', () => {
    const v = decideKapitel4(kapitel4({ kendskabsdato: null }), ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons.map((r) => r.field)).toEqual(['kendskabsdato']);
  });

  it('times an exemption from godkendelsesdato and requires it', () => {
    const r = kapitel4({ haendelsestype: 'FRITAGELSE', aarsag: 'FORESTAAENDE_JOB', kendskabsdato: null, godkendelsesdato: '2011-03-02' });
    expect(decideKapitel4(r, ctxOn('2011-03-02'))).toMatchObject({ kind: 'on-time', dueDate: '2011-03-02' });
    expect(decideKapitel4(r, ctxOn('2011-03-03'))).toMatchObject({ kind: 'late', daysLate: 1 });
    const v = decideKapitel4({ ...r, godkendelsesdato: null }, ctxOn('2011-03-02'));
    expect(v.kind === 'rejected' && v.reasons.map((x) => x.field)).toEqual(['godkendelsesdato']);
  });
});

describe('§ 21 stk. 1 and Bilag 1', () => {
  it('rejects a reason that is not in the table', () => {
    const v = decideKapitel4(kapitel4({ aarsag: 'KEDSOMHED' }), ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons[0]?.code).toBe('aarsag-unknown');
  });

  it('rejects a holiday for kontaktgruppe 8 (registered without benefit) but accepts it for group 1', () => {
    const v = decideKapitel4(kapitel4({ aarsag: 'FERIE', kontaktgruppe: 8 }), ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons[0]).toMatchObject({ code: 'aarsag-not-allowed-for-group', field: 'aarsag' });
    expect(decideKapitel4(kapitel4({ aarsag: 'FERIE', kontaktgruppe: 1 }), ctxOn('2011-03-01')).kind).toBe('on-time');
  });

  it('rejects an exemption for an upcoming job in matchgruppe 3, where the table allows only 1 and 2', () => {
    const r = kapitel4({ haendelsestype: 'FRITAGELSE', aarsag: 'FORESTAAENDE_JOB', kendskabsdato: null, godkendelsesdato: '2011-03-01', matchgruppe: 3 });
    const v = decideKapitel4(r, ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons[0]?.code).toBe('aarsag-not-allowed-for-matchgruppe');
    expect(decideKapitel4({ ...r, matchgruppe: 2 }, ctxOn('2011-03-01')).kind).toBe('on-time');
  });

  it('rejects a reason of another kind (an absence reason reported as an exemption)', () => {
    const r = kapitel4({ haendelsestype: 'FRITAGELSE', aarsag: 'SYGDOM', godkendelsesdato: '2011-03-01' });
    const v = decideKapitel4(r, ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons[0]?.code).toBe('aarsag-wrong-kind');
  });

  it("falls back to the hub's known kontaktgruppe, and refuses when there is none", () => {
    const r = kapitel4({ aarsag: 'FERIE', kontaktgruppe: null });
    expect(decideKapitel4(r, ctxOn('2011-03-01', { kontaktgruppe: 8 })).kind).toBe('rejected');
    expect(decideKapitel4(r, ctxOn('2011-03-01', { kontaktgruppe: 2 })).kind).toBe('on-time');
    const v = decideKapitel4(r, ctxOn('2011-03-01', {}));
    expect(v.kind === 'rejected' && v.reasons[0]?.field).toBe('kontaktgruppe');
  });

  it('reads the table for persons in a senior job, and takes senior-job reports continuously', () => {
    const ferie = kapitel4({ aarsag: 'FERIE', kontaktgruppe: null, seniorjob: true });
    expect(decideKapitel4(ferie, ctxOn('2011-03-01', {})).kind).toBe('on-time');
    const afsoning = kapitel4({ aarsag: 'AFSONING', kontaktgruppe: null, seniorjob: true });
    expect(decideKapitel4(afsoning, ctxOn('2011-03-01', {})).kind).toBe('rejected');
    const seniorjob = kapitel4({ haendelsestype: 'SENIORJOB', aarsag: null, kendskabsdato: null, kontaktgruppe: null });
    expect(decideKapitel4(seniorjob, ctxOn('2011-04-01', {}))).toMatchObject({ kind: 'on-time', paragraph: '§ 19 stk. 2', dueDate: '2011-04-01' });
  });

  it('has a starting table whose codes are unique and whose groups are 1-8 or SENIORJOB', () => {
    const codes = BILAG1.map((a) => a.kode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const a of BILAG1) for (const g of a.grupper) expect([1, 2, 3, 4, 5, 6, 7, 8, 'SENIORJOB']).toContain(g);
  });
});
