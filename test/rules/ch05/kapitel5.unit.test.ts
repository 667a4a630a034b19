import { describe, expect, it } from 'vitest';
import { decideKapitel5 } from '../../../src/rules/ch05/index.ts';
import { ctxOn, kapitel5 } from '../fixtures.ts';

describe('§ 27 stk. 1: date AND time, form, type, location, contact options', () => {
  it('accepts a complete summons on the letter day', () => {
    expect(decideKapitel5(kapitel5(), ctxOn('2011-03-01'))).toEqual({ kind: 'on-time', paragraph: '§ 27 stk. 2', dueDate: '2011-03-01', warnings: [] });
  });

  it.each([
    [{ samtaleklokkeslaet: '' }, 'samtaleklokkeslaet'],
    [{ samtaleklokkeslaet: '24:00' }, 'samtaleklokkeslaet'],
    [{ samtalested: '  ' }, 'samtalested'],
    [{ kontaktmuligheder: [] }, 'kontaktmuligheder'],
    [{ samtaleform: '' }, 'samtaleform'],
  ])('rejects %o naming %s', (over, field) => {
    const v = decideKapitel5(kapitel5(over as never), ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons.map((r) => r.field)).toEqual([field]);
  });

  it('rejects a summons to an interview before the letter', () => {
    const v = decideKapitel5(kapitel5({ samtaledato: '2011-02-28' }), ctxOn('2011-03-01'));
    expect(v.kind === 'rejected' && v.reasons[0]?.code).toBe('interview-before-letter');
  });
});

describe('§ 27 stk. 2-3: the same day as the letter is printed, given or sent', () => {
  it('is late the day after, and refused (not held) the day before', () => {
    expect(decideKapitel5(kapitel5(), ctxOn('2011-03-02'))).toMatchObject({ kind: 'late', daysLate: 1 });
    const early = decideKapitel5(kapitel5(), ctxOn('2011-02-28'));
    expect(early.kind).toBe('premature');
    expect(early).not.toHaveProperty('releaseOn');
  });

  it('times a cancellation by § 27 stk. 3 and requires the summons it cancels', () => {
    const cancel = kapitel5({ haendelsestype: 'AFLYSNING', indkaldelseRef: '6f1c2e1a-0000-4000-8000-000000000000', haendelsesdato: '2011-03-05' });
    expect(decideKapitel5(cancel, ctxOn('2011-03-05'))).toMatchObject({ kind: 'on-time', paragraph: '§ 27 stk. 3' });
    const v = decideKapitel5({ ...cancel, indkaldelseRef: null }, ctxOn('2011-03-05'));
    expect(v.kind === 'rejected' && v.reasons.map((r) => r.field)).toEqual(['indkaldelseRef']);
  });
});

describe('§ 26 personkreds: kontaktgruppe 1-7', () => {
  it('leaves kontaktgruppe 8 out of scope and covers 6', () => {
    expect(decideKapitel5(kapitel5(), ctxOn('2011-03-01', { kontaktgruppe: 8 }))).toMatchObject({ kind: 'out-of-scope', paragraph: '§ 26' });
    expect(decideKapitel5(kapitel5(), ctxOn('2011-03-01', { kontaktgruppe: 6 })).kind).toBe('on-time');
  });
});
