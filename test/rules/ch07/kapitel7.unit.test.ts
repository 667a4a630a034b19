import { describe, expect, it } from 'vitest';
import { decideKapitel7, kapitel7RuleSet } from '../../../src/rules/ch07/index.ts';
import { ctxOn, kapitel7 } from '../fixtures.ts';

describe('§§ 37-38: CV interviews', () => {
  it('accepts a CV interview of a person on cash benefit only because of unemployment', () => {
    expect(decideKapitel7(kapitel7(), ctxOn('2011-03-02'))).toEqual({ kind: 'on-time', paragraph: '§ 38', dueDate: '2011-03-02', warnings: [] });
  });

  it('leaves a person on benefit for other reasons than unemployment out of scope (§ 37)', () => {
    expect(decideKapitel7(kapitel7({ aleneLedighed: false }), ctxOn('2011-03-02'))).toMatchObject({ kind: 'out-of-scope', paragraph: '§ 37' });
  });

  it('rejects an unknown approval status', () => {
    const v = decideKapitel7(kapitel7({ godkendelsesstatus: 'MAASKE' as never }), ctxOn('2011-03-02'));
    expect(v.kind === 'rejected' && v.reasons[0]?.field).toBe('godkendelsesstatus');
  });

  it('collects data from 1 August 2009 (§ 68 stk. 2)', () => {
    expect(kapitel7RuleSet.validFrom).toBe('2009-08-01');
  });
});
