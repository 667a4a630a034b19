import { describe, expect, it } from 'vitest';
import { decideKapitel10 } from '../../../src/rules/ch10/index.ts';
import { ctxOn, kapitel10 } from '../fixtures.ts';

describe('§ 55: aids', () => {
  it('accepts a grant to the person', () => {
    expect(decideKapitel10(kapitel10(), ctxOn('2011-03-04'))).toEqual({ kind: 'on-time', paragraph: '§ 55', dueDate: '2011-03-04', warnings: [] });
  });

  it('requires CVR and P-nummer when the company receives the grant (stk. 2 nr. 2)', () => {
    expect(decideKapitel10(kapitel10({ tilskudsmodtager: { cvr: '24256790', pNummer: '1003388394' } }), ctxOn('2011-03-04')).kind).toBe('on-time');
    const v = decideKapitel10(kapitel10({ tilskudsmodtager: { cvr: '24256790', pNummer: null } }), ctxOn('2011-03-04'));
    expect(v.kind === 'rejected' && v.reasons.map((r) => r.field)).toEqual(['tilskudsmodtager.pNummer']);
  });

  it('rejects an aid that § 55 stk. 1 does not list', () => {
    const v = decideKapitel10(kapitel10({ hjaelpemiddel: 'BIL' as never }), ctxOn('2011-03-04'));
    expect(v.kind === 'rejected' && v.reasons[0]?.field).toBe('hjaelpemiddel');
  });
});
