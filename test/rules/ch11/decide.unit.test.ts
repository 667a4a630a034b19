import { afterEach, describe, expect, it, vi } from 'vitest';
import { decideKapitel11, kapitel11RuleSet } from '../../../src/rules/ch11/index.ts';
import { isDeliverable } from '../../../src/rules/verdict.ts';
import { CPR_MOD11_FAILS, FLEKSJOB, aReport, anOfferReport, context, noonOn } from './given.ts';

const MOD11_WARNING = expect.objectContaining({ code: 'cpr-modulus11', field: 'cpr' });

describe('decideKapitel11: fields, then personkreds, then timing', () => {
  it('given a valid § 61 report for kontaktgruppe 1 on the event day, the verdict is on time with no warnings', () => {
    expect(decideKapitel11(aReport(), context(noonOn('2024-03-04')))).toEqual({ kind: 'on-time', paragraph: '§ 61', dueDate: '2024-03-05', warnings: [] });
  });

  it('given broken fields and a person out of scope, the verdict is rejected: fields come first', () => {
    const verdict = decideKapitel11(aReport({ kommunekode: '1' }), context(noonOn('2024-03-04'), { kontaktgruppe: 3 }));
    expect(verdict).toMatchObject({ kind: 'rejected', paragraph: '§ 63 stk. 1 nr. 2', reasons: [{ field: 'kommunekode' }] });
  });

  it('given faults under several paragraphs, the verdict names each paragraph once', () => {
    const verdict = decideKapitel11(anOfferReport('tilbud-start', { gennemsnitligUgentligTimetal: 0, aktuelStatus: 'UKENDT' as never }, { cpr: '1' }), context(noonOn('2024-05-01')));
    expect(verdict.kind).toBe('rejected');
    expect(verdict.paragraph).toBe('§ 63 stk. 1 nr. 1, § 62 stk. 2, § 63 stk. 3 nr. 4');
    if (verdict.kind === 'rejected') expect(verdict.reasons.map((r) => r.field)).toEqual(['cpr', 'tilbud.aktuelStatus', 'tilbud.gennemsnitligUgentligTimetal']);
  });

  it('given a late report for someone outside the personkreds, the verdict is out-of-scope, not late', () => {
    const verdict = decideKapitel11(aReport(), context(noonOn('2024-03-20'), { kontaktgruppe: 2 }));
    expect(verdict).toMatchObject({ kind: 'out-of-scope', paragraph: '§ 60 stk. 1', reasons: [{ field: 'kontaktgruppe' }] });
    expect(isDeliverable(verdict)).toBe(false);
  });

  it('given an a-kasse member in a fleksjob, a § 61 event is out of scope and a § 62 event is timed', () => {
    expect(decideKapitel11(aReport(), context(noonOn('2024-03-04'), FLEKSJOB))).toMatchObject({ kind: 'out-of-scope', paragraph: '§ 60 stk. 2' });
    expect(decideKapitel11(anOfferReport('tilbud-slut'), context(noonOn('2024-08-30'), FLEKSJOB))).toMatchObject({ kind: 'on-time', paragraph: '§ 62 stk. 1 nr. 2' });
  });

  it('a wage-subsidy employment without loentilskud is rejected under § 63 stk. 2', () => {
    expect(decideKapitel11(aReport({ haendelsestype: 'loentilskud-ansaettelse' }), context(noonOn('2024-03-04')))).toMatchObject({
      kind: 'rejected',
      paragraph: '§ 63 stk. 2',
    });
  });

  it('a CPR failing modulus 11 is carried as a warning on every kind of verdict, never a rejection by itself', () => {
    const cpr = CPR_MOD11_FAILS;
    const cases = [
      decideKapitel11(aReport({ cpr }), context(noonOn('2024-03-04'))),
      decideKapitel11(aReport({ cpr }), context(noonOn('2024-03-08'))),
      decideKapitel11(anOfferReport('tilbud-slut', {}, { cpr }), context(noonOn('2024-08-01'))),
      decideKapitel11(aReport({ cpr, kommunekode: 'x' }), context(noonOn('2024-03-04'))),
      decideKapitel11(aReport({ cpr }), context(noonOn('2024-03-04'), { kontaktgruppe: 4 })),
    ];
    expect(cases.map((v) => v.kind)).toEqual(['on-time', 'late', 'premature', 'rejected', 'out-of-scope']);
    for (const verdict of cases) expect(verdict.warnings).toEqual([MOD11_WARNING]);
  });

  it('every reason on every non-delivered or late verdict names a field', () => {
    const verdicts = [
      decideKapitel11(aReport(), context(noonOn('2024-03-08'))),
      decideKapitel11(anOfferReport('tilbud-slut'), context(noonOn('2024-08-01'))),
      decideKapitel11(anOfferReport('tilbud-start'), context(noonOn('2024-04-01'))),
      decideKapitel11(aReport({ haendelsesdato: '2024-03-09' }), context(noonOn('2024-03-04'))),
      decideKapitel11(aReport(), context(noonOn('2024-03-04'), {})),
    ];
    expect(verdicts.map((v) => v.kind)).toEqual(['late', 'premature', 'premature', 'rejected', 'out-of-scope']);
    for (const verdict of verdicts) {
      if (!('reasons' in verdict)) throw new Error(`expected reasons on ${verdict.kind}`);
      for (const reason of verdict.reasons) {
        expect(reason.field, reason.code).toBeTruthy();
        expect(reason.message).toContain(reason.field);
      }
    }
  });
});

describe('purity', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the verdict depends on context.now, not on the machine clock', () => {
    const ctx = context(noonOn('2024-03-05'));
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const first = decideKapitel11(aReport(), ctx);
    vi.setSystemTime(new Date('2019-06-01T00:00:00Z'));
    expect(decideKapitel11(aReport(), ctx)).toEqual(first);
    expect(first.kind).toBe('on-time');
  });
});

describe('kapitel11RuleSet', () => {
  it('governs chapter 11 of BEK 1380/2010 from 9 May 2011 (§ 68 stk. 6), open-ended', () => {
    expect(kapitel11RuleSet).toMatchObject({ id: 'bek-1380-2010/kapitel-11', kapitel: 11, validFrom: '2011-05-09', source: 'BEK nr. 1380 af 10/12/2010' });
    expect(kapitel11RuleSet.validTo).toBeUndefined();
    expect(kapitel11RuleSet.decide(aReport(), context(noonOn('2024-03-04'))).kind).toBe('on-time');
  });
});
