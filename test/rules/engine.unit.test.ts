import { describe, expect, it } from 'vitest';
import { kapitel2RuleSet } from '../../src/rules/ch02/index.ts';
import { createRuleEngine, decideReport, pickRuleSet } from '../../src/rules/engine.ts';
import type { RuleSet } from '../../src/rules/rule-set.ts';
import { RULE_SETS } from '../../src/rules/rule-sets.ts';
import type { Kapitel2Indberetning } from '../../src/rules/ch02/index.ts';
import { ctxOn, kapitel2Start, kapitel7 } from './fixtures.ts';

describe('RULE_SETS', () => {
  it('has exactly one BEK 1380/2010 set for each chapter 2-11', () => {
    expect(RULE_SETS.map((s) => s.kapitel).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(new Set(RULE_SETS.map((s) => s.id)).size).toBe(RULE_SETS.length);
  });

  it('starts chapters 2-6 and 8-10 on 13 December 2010 and chapter 7 on 1 August 2009 (§ 68)', () => {
    const from = Object.fromEntries(RULE_SETS.filter((s) => s.kapitel !== 11).map((s) => [s.kapitel, s.validFrom]));
    expect(from).toEqual({ 2: '2010-12-13', 3: '2010-12-13', 4: '2010-12-13', 5: '2010-12-13', 6: '2010-12-13', 7: '2009-08-01', 8: '2010-12-13', 9: '2010-12-13', 10: '2010-12-13' });
  });
});

describe('pickRuleSet', () => {
  it('picks the chapter 2 set from its first day, and none the day before', () => {
    const on = pickRuleSet(2, '2010-12-13');
    expect(on.ok && on.ruleSet.id).toBe('bek-1380-2010/kapitel-2');
    const before = pickRuleSet(2, '2010-12-12');
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.reason).toMatchObject({ code: 'no-rule-set', field: 'haendelsesdato' });
  });

  it('takes chapter 7 events from 1 August 2009 while other chapters have no rules then', () => {
    expect(pickRuleSet(7, '2009-08-01').ok).toBe(true);
    expect(pickRuleSet(3, '2009-08-01').ok).toBe(false);
  });

  it('refuses a malformed event date with a reason', () => {
    const pick = pickRuleSet(2, '2011-02-30');
    expect(pick.ok).toBe(false);
    if (!pick.ok) expect(pick.reason.code).toBe('invalid-date');
  });
});

describe('decideReport', () => {
  it('decides with the chosen set', () => {
    expect(decideReport(2, kapitel2Start(), ctxOn('2011-03-01'))).toMatchObject({ kind: 'on-time', paragraph: '§ 7 stk. 1' });
    expect(decideReport(7, kapitel7({ haendelsesdato: '2009-09-01', registreretTidspunkt: '2009-09-01T10:00:00+02:00' }), ctxOn('2009-09-01')).kind).toBe('on-time');
  });

  it('rejects under § 68 a report dated before any rules', () => {
    const r = kapitel2Start({ haendelsesdato: '2010-12-01', kontaktgruppe: { kontaktgruppe: 1, startdato: '2010-12-01', slutdato: null } });
    const v = decideReport(2, r, ctxOn('2010-12-01'));
    expect(v).toMatchObject({ kind: 'rejected', paragraph: '§ 68' });
    if (v.kind === 'rejected') expect(v.reasons[0]?.message).toContain('2010-12-01');
  });
});

describe('a successor order', () => {
  // A made-up order from 2030 that moves § 7 stk. 1 to "at the latest 3 days after". It is a new
  // set appended to the list; the 2010 set is not touched.
  const successor: RuleSet<Kapitel2Indberetning> = {
    id: 'bek-9999-2029/kapitel-2',
    kapitel: 2,
    validFrom: '2030-01-01',
    source: 'made up for this test',
    decide: () => ({ kind: 'on-time', paragraph: 'BEK 9999/2029 § 1', dueDate: '2030-01-04', warnings: [] }),
  };
  const engine = createRuleEngine([...RULE_SETS, successor]);

  it('uses the old rules for events before its first day and the new ones from it', () => {
    expect(engine.pickRuleSet(2, '2029-12-31')).toMatchObject({ ok: true, ruleSet: { id: 'bek-1380-2010/kapitel-2' } });
    expect(engine.pickRuleSet(2, '2030-01-01')).toMatchObject({ ok: true, ruleSet: { id: 'bek-9999-2029/kapitel-2' } });
    const old = kapitel2Start({ haendelsesdato: '2029-12-31', kontaktgruppe: { kontaktgruppe: 1, startdato: '2029-12-31', slutdato: null } });
    // Reported a day late: the 2010 rules say late, whatever the new order would say.
    expect(engine.decideReport(2, old, ctxOn('2030-01-01'))).toMatchObject({ kind: 'late', paragraph: '§ 7 stk. 1' });
    const fresh = kapitel2Start({ haendelsesdato: '2030-01-01', kontaktgruppe: { kontaktgruppe: 1, startdato: '2030-01-01', slutdato: null } });
    expect(engine.decideReport(2, fresh, ctxOn('2030-01-02'))).toMatchObject({ kind: 'on-time', paragraph: 'BEK 9999/2029 § 1' });
  });

  it('leaves the other chapters and the old set itself unchanged', () => {
    expect(engine.pickRuleSet(3, '2030-06-01')).toMatchObject({ ok: true, ruleSet: { id: 'bek-1380-2010/kapitel-3' } });
    expect(kapitel2RuleSet.validTo).toBeUndefined();
  });

  it('ends a set at its validTo', () => {
    const bounded = createRuleEngine([{ ...successor, validFrom: '2030-01-01', validTo: '2030-12-31' }]);
    expect(bounded.pickRuleSet(2, '2030-12-31').ok).toBe(true);
    expect(bounded.pickRuleSet(2, '2031-01-01').ok).toBe(false);
  });
});
