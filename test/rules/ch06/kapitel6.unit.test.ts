import { describe, expect, it } from 'vitest';
import { decideKapitel6 } from '../../../src/rules/ch06/index.ts';
import { ctxOn, kapitel6 } from '../fixtures.ts';

describe('§ 32: follow-up interviews with the sick-listed', () => {
  it('accepts a report without the optional stk. 2 fields, continuously (due the day it is reported)', () => {
    expect(decideKapitel6(kapitel6(), ctxOn('2011-03-20'))).toEqual({ kind: 'on-time', paragraph: '§ 32', dueDate: '2011-03-20', warnings: [] });
  });

  it('accepts the stk. 2 fields when given', () => {
    const r = kapitel6({ aftaler: 'Delvis raskmelding fra uge 12', vurderingAfBehovForIndsats: 'Behov for afklaring' });
    expect(decideKapitel6(r, ctxOn('2011-03-01')).kind).toBe('on-time');
  });

  it('rejects visitationskategori 4 and a missing samtaleform, naming both fields', () => {
    const v = decideKapitel6(kapitel6({ visitationskategori: 4, samtaleform: '' }), ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons.map((r) => r.field).sort()).toEqual(['samtaleform', 'visitationskategori']);
  });

  it('rejects an interview dated after the day of the report', () => {
    const v = decideKapitel6(kapitel6(), ctxOn('2011-02-27'));
    expect(v.kind === 'rejected' && v.reasons[0]?.code).toBe('held-in-future');
  });
});
