import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { s61EventTiming } from '../../../src/rules/ch11/index.ts';
import { aReport, at, context, noonOn } from './given.ts';

const when = (haendelsesdato: string, now: number, kendskabsdato: string | null = null) =>
  s61EventTiming(aReport({ haendelsestype: 'udeblivelse-samtale', haendelsesdato, kendskabsdato }), context(now));

describe('§ 61: same day or at the latest the day after the event', () => {
  it('given an event on Monday, reporting it that day is on time, due Tuesday', () => {
    expect(when('2024-03-04', noonOn('2024-03-04'))).toEqual({ kind: 'on-time', paragraph: '§ 61', dueDate: '2024-03-05' });
  });

  it('given an event on Monday, Tuesday 23:59 Copenhagen is on time and Wednesday 00:01 is one day late', () => {
    expect(when('2024-03-04', at('2024-03-05T23:59:00+01:00')).kind).toBe('on-time');
    const late = when('2024-03-04', at('2024-03-06T00:01:00+01:00'));
    expect(late).toMatchObject({ kind: 'late', paragraph: '§ 61', dueDate: '2024-03-05', daysLate: 1 });
  });

  it('the report day is the Copenhagen date, not the UTC date: 23:01 UTC on Tuesday is already Wednesday', () => {
    expect(when('2024-03-04', at('2024-03-05T23:01:00Z'))).toMatchObject({ kind: 'late', daysLate: 1 });
  });

  it('given an event on Friday, the weekend does not extend the deadline', () => {
    const verdict = when('2024-03-08', noonOn('2024-03-11'));
    expect(verdict).toMatchObject({ kind: 'late', dueDate: '2024-03-09', daysLate: 2 });
    if (verdict.kind === 'late') {
      expect(verdict.reasons).toEqual([expect.objectContaining({ code: 'reported-late', field: 'haendelsesdato' })]);
      expect(verdict.reasons[0]?.message).toContain('haendelsesdato');
    }
  });

  it('across the spring change (2024-03-31 is 23 hours long): 23:59 CEST on the due day is on time, 00:00 the next day is late', () => {
    expect(when('2024-03-30', at('2024-03-31T21:59:00Z')).kind).toBe('on-time');
    expect(when('2024-03-30', at('2024-03-31T22:00:00Z'))).toMatchObject({ kind: 'late', daysLate: 1 });
  });

  it('in the small hours of the spring change, 00:30 CET (23:30 UTC the day before) already counts as the 31st', () => {
    expect(when('2024-03-31', at('2024-03-30T23:30:00Z'))).toMatchObject({ kind: 'on-time', dueDate: '2024-04-01' });
    expect(when('2024-03-31', at('2024-03-31T01:30:00Z'))).toMatchObject({ kind: 'on-time' }); // 03:30 CEST
  });

  it('across the autumn change (2024-10-27 is 25 hours long): the due day ends at 23:00 UTC', () => {
    expect(when('2024-10-26', at('2024-10-27T01:30:00Z')).kind).toBe('on-time'); // 02:30 CET, second time round
    expect(when('2024-10-26', at('2024-10-27T22:59:00Z')).kind).toBe('on-time'); // 23:59 CET
    expect(when('2024-10-26', at('2024-10-27T23:00:00Z'))).toMatchObject({ kind: 'late', daysLate: 1 });
    expect(when('2024-10-25', at('2024-10-26T21:59:00Z')).kind).toBe('on-time'); // 23:59 CEST
    expect(when('2024-10-25', at('2024-10-26T22:00:00Z'))).toMatchObject({ kind: 'late', daysLate: 1 }); // 00:00 CEST
  });

  it('given an event dated after the report day, the report is rejected naming haendelsesdato', () => {
    const verdict = when('2024-03-31', at('2024-03-30T22:30:00Z')); // 23:30 CET on the 30th
    expect(verdict).toMatchObject({ kind: 'rejected', paragraph: '§ 61', reasons: [{ code: 'event-in-future', field: 'haendelsesdato' }] });
  });

  it('a later kendskabsdato does not move the § 61 deadline: the clock is the event day', () => {
    expect(when('2024-03-04', noonOn('2024-03-10'), '2024-03-10')).toMatchObject({ kind: 'late', daysLate: 5 });
  });

  it('for any event day and later report day, on time exactly when at most one calendar day has passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 40 }), (offset, wait) => {
        const event = new Date(Date.UTC(2011, 4, 9) + offset * 86_400_000).toISOString().slice(0, 10);
        const reportDay = new Date(Date.UTC(2011, 4, 9) + (offset + wait) * 86_400_000).toISOString().slice(0, 10);
        const verdict = when(event, noonOn(reportDay));
        expect(verdict.kind).toBe(wait <= 1 ? 'on-time' : 'late');
        if (verdict.kind === 'late') expect(verdict.daysLate).toBe(wait - 1);
      }),
    );
  });
});
