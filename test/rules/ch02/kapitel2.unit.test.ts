import { describe, expect, it } from 'vitest';
import { decideKapitel2, kapitel2RuleSet } from '../../../src/rules/ch02/index.ts';
import { ctxOn, kapitel2Afmelding, kapitel2Slut, kapitel2Start, kapitel2Tilmelding } from '../fixtures.ts';

describe('§ 7 stk. 1: entering a kontaktgruppe is reported the same day', () => {
  it('is on time on the start day', () => {
    expect(decideKapitel2(kapitel2Start(), ctxOn('2011-03-01'))).toEqual({ kind: 'on-time', paragraph: '§ 7 stk. 1', dueDate: '2011-03-01', warnings: [] });
  });

  it('is one day late the day after', () => {
    const v = decideKapitel2(kapitel2Start(), ctxOn('2011-03-02'));
    expect(v).toMatchObject({ kind: 'late', paragraph: '§ 7 stk. 1', dueDate: '2011-03-01', daysLate: 1 });
  });

  it('counts the day in Copenhagen: 23:30 UTC on the start day is already the next day', () => {
    const v = decideKapitel2(kapitel2Start(), { now: Date.parse('2011-03-01T23:30:00Z'), person: {} });
    expect(v.kind).toBe('late');
  });

  it('holds a report made before the start day until that day', () => {
    const v = decideKapitel2(kapitel2Start(), ctxOn('2011-02-27'));
    expect(v).toMatchObject({ kind: 'premature', earliestDate: '2011-03-01', releaseOn: '2011-03-01' });
  });

  it('rejects a haendelsesdato that is not the group start date', () => {
    const v = decideKapitel2(kapitel2Start({ haendelsesdato: '2011-03-02' }), ctxOn('2011-03-02'));
    expect(v.kind).toBe('rejected');
    if (v.kind === 'rejected') expect(v.reasons[0]?.field).toBe('haendelsesdato');
  });

  it('accepts dimittender as group 9 and rejects group 10', () => {
    const ok = kapitel2Start({ kontaktgruppe: { kontaktgruppe: 9, startdato: '2011-03-01', slutdato: null } });
    expect(decideKapitel2(ok, ctxOn('2011-03-01')).kind).toBe('on-time');
    const bad = kapitel2Start({ kontaktgruppe: { kontaktgruppe: 10, startdato: '2011-03-01', slutdato: null } });
    const v = decideKapitel2(bad, ctxOn('2011-03-01'));
    expect(v.kind).toBe('rejected');
    if (v.kind === 'rejected') expect(v.reasons.map((r) => r.field)).toContain('kontaktgruppe.kontaktgruppe');
  });

  it('delivers a CPR number failing modulus 11 with a warning, and rejects a malformed one', () => {
    const warned = decideKapitel2(kapitel2Start({ cpr: '0707614286' }), ctxOn('2011-03-01'));
    expect(warned.kind).toBe('on-time');
    expect(warned.warnings.map((w) => w.code)).toEqual(['cpr-modulus11']);
    const v = decideKapitel2(kapitel2Start({ cpr: '070761-4285' }), ctxOn('2011-03-01'));
    expect(v.kind).toBe('rejected');
    if (v.kind === 'rejected') expect(v.reasons[0]).toMatchObject({ code: 'cpr-format', field: 'cpr' });
  });

  it('rejects an unknown kommunekode, naming the field', () => {
    const v = decideKapitel2(kapitel2Start({ kommunekode: '411' }), ctxOn('2011-03-01'));
    expect(v.kind).toBe('rejected');
    if (v.kind === 'rejected') expect(v.reasons[0]?.field).toBe('kommunekode');
  });
});

describe('§ 7 stk. 2: leaving a group is reported at the latest on the event day, or on the day of learning', () => {
  it('is on time before and on the last day, late after it', () => {
    expect(decideKapitel2(kapitel2Slut(), ctxOn('2011-03-25'))).toMatchObject({ kind: 'on-time', dueDate: '2011-03-31' });
    expect(decideKapitel2(kapitel2Slut(), ctxOn('2011-03-31')).kind).toBe('on-time');
    expect(decideKapitel2(kapitel2Slut(), ctxOn('2011-04-02'))).toMatchObject({ kind: 'late', daysLate: 2, paragraph: '§ 7 stk. 2' });
  });

  it('moves the day to kendskabsdato when the municipality learned later', () => {
    const r = kapitel2Slut({ kendskabsdato: '2011-04-05' });
    expect(decideKapitel2(r, ctxOn('2011-04-05'))).toMatchObject({ kind: 'on-time', dueDate: '2011-04-05' });
    expect(decideKapitel2(r, ctxOn('2011-04-06'))).toMatchObject({ kind: 'late', dueDate: '2011-04-05', daysLate: 1 });
  });

  it('ignores a kendskabsdato before the event day', () => {
    const r = kapitel2Slut({ kendskabsdato: '2011-03-20' });
    expect(decideKapitel2(r, ctxOn('2011-03-31'))).toMatchObject({ kind: 'on-time', dueDate: '2011-03-31' });
  });

  it('rejects a kendskabsdato after the day of the report', () => {
    const v = decideKapitel2(kapitel2Slut({ kendskabsdato: '2011-04-10' }), ctxOn('2011-04-05'));
    expect(v.kind).toBe('rejected');
    if (v.kind === 'rejected') expect(v.reasons[0]?.code).toBe('kendskabsdato-in-future');
  });

  it('requires slutdato', () => {
    const v = decideKapitel2(kapitel2Slut({ kontaktgruppe: { kontaktgruppe: 1, startdato: '2011-03-01', slutdato: null } }), ctxOn('2011-03-31'));
    expect(v.kind).toBe('rejected');
    if (v.kind === 'rejected') expect(v.reasons.map((r) => r.field)).toContain('kontaktgruppe.slutdato');
  });
});

describe('§ 8 stk. 5: sign-up fields', () => {
  it('accepts a complete sign-up', () => {
    expect(decideKapitel2(kapitel2Tilmelding(), ctxOn('2011-03-01')).kind).toBe('on-time');
  });

  it('rejects a sign-up without job titles or with ledighedsgrad over 100', () => {
    const noTitles = kapitel2Tilmelding({ tilmelding: { tilmeldekategori: 'X', startdato: '2011-03-01', ledighedsgrad: 100, stillingsbetegnelser: [] } });
    const v1 = decideKapitel2(noTitles, ctxOn('2011-03-01'));
    expect(v1.kind === 'rejected' && v1.reasons.map((r) => r.field)).toEqual(['tilmelding.stillingsbetegnelser']);
    const over = kapitel2Tilmelding({ tilmelding: { tilmeldekategori: 'X', startdato: '2011-03-01', ledighedsgrad: 101, stillingsbetegnelser: ['Smed'] } });
    const v2 = decideKapitel2(over, ctxOn('2011-03-01'));
    expect(v2.kind === 'rejected' && v2.reasons.map((r) => r.field)).toEqual(['tilmelding.ledighedsgrad']);
  });
});

describe('§ 8 stk. 6: a sign-off date from the registration day up to 90 days ahead', () => {
  it.each([
    ['2011-03-01', 'on-time'], // the registration day itself
    ['2011-05-30', 'on-time'], // 1 March + 90 days
    ['2011-05-31', 'rejected'], // 91 days
    ['2011-02-28', 'rejected'], // the day before registration
  ])('afmeldingsdato %s → %s', (afmeldingsdato, kind) => {
    expect(decideKapitel2(kapitel2Afmelding(afmeldingsdato), ctxOn('2011-03-01')).kind).toBe(kind);
  });

  it('counts from the Copenhagen date of registreretTidspunkt', () => {
    // 23:30 UTC on 28 February is 00:30 on 1 March in Copenhagen.
    const r = { ...kapitel2Afmelding('2011-03-01', '2011-03-01'), registreretTidspunkt: '2011-02-28T23:30:00Z' };
    expect(decideKapitel2(r, ctxOn('2011-03-01')).kind).toBe('on-time');
    const v = decideKapitel2({ ...r, afmelding: { afmeldingsdato: '2011-05-31', aarsag: 'X' } }, ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons[0]?.code).toBe('afmelding-too-far-ahead');
  });
});

describe('kapitel2RuleSet', () => {
  it('governs from 13 December 2010 (§ 68), open-ended', () => {
    expect(kapitel2RuleSet).toMatchObject({ kapitel: 2, validFrom: '2010-12-13' });
    expect(kapitel2RuleSet.validTo).toBeUndefined();
  });
});
