import { describe, expect, it } from 'vitest';
import { s62OfferTiming, type Outcome } from '../../../src/rules/ch11/index.ts';
import type { Reason } from '../../../src/rules/verdict.ts';
import { anOfferReport, at, context, noonOn } from './given.ts';

// The offer in every case: given 2024-04-22 (Mon), starts 2024-05-06 (Mon), ends 2024-08-30 (Fri).
const start = (now: number) => s62OfferTiming(anOfferReport('tilbud-start'), context(now));
const end = (now: number, slutdato = '2024-08-30') => s62OfferTiming(anOfferReport('tilbud-slut', { slutdato }, { haendelsesdato: slutdato }), context(now));
const change = (haendelsesdato: string, kendskabsdato: string | null, now: number) =>
  s62OfferTiming(anOfferReport('tilbud-aendring', {}, { haendelsesdato, kendskabsdato }), context(now));

const reasonsOf = (v: Outcome): readonly Reason[] => ('reasons' in v ? v.reasons : []);

describe('§ 62 stk. 1 nr. 1: a start is reported from the day the offer is given up to its start date', () => {
  it('given a report the day before the offer is given, it is premature and refused (no releaseOn)', () => {
    const verdict = start(at('2024-04-21T23:59:00+02:00'));
    expect(verdict).toMatchObject({ kind: 'premature', paragraph: '§ 62 stk. 1 nr. 1', earliestDate: '2024-04-22' });
    expect('releaseOn' in verdict).toBe(false);
    expect(reasonsOf(verdict)).toEqual([expect.objectContaining({ code: 'before-offer-given', field: 'tilbud.afgivelsesdato' })]);
  });

  it('given a report at 00:01 on the day the offer is given, it is on time, due on the start date', () => {
    expect(start(at('2024-04-22T00:01:00+02:00'))).toEqual({ kind: 'on-time', paragraph: '§ 62 stk. 1 nr. 1', dueDate: '2024-05-06' });
  });

  it('given a report at 23:59 on the start date it is on time; at 00:01 the day after it is one day late', () => {
    expect(start(at('2024-05-06T23:59:00+02:00')).kind).toBe('on-time');
    const verdict = start(at('2024-05-07T00:01:00+02:00'));
    expect(verdict).toMatchObject({ kind: 'late', dueDate: '2024-05-06', daysLate: 1 });
    expect(reasonsOf(verdict)[0]).toMatchObject({ code: 'reported-late', field: 'tilbud.startdato' });
    expect(reasonsOf(verdict)[0]?.message).toContain('tilbud.startdato');
  });
});

describe('§ 62 stk. 1 nr. 2: an end is reported on the end date', () => {
  it('given a report the day before the end date, the hub holds it and releases it on the end date', () => {
    const verdict = end(noonOn('2024-08-29'));
    expect(verdict).toMatchObject({ kind: 'premature', paragraph: '§ 62 stk. 1 nr. 2', earliestDate: '2024-08-30', releaseOn: '2024-08-30' });
    expect(reasonsOf(verdict)).toEqual([expect.objectContaining({ code: 'before-offer-end', field: 'tilbud.slutdato' })]);
  });

  it('given a report on the end date, it is on time', () => {
    expect(end(noonOn('2024-08-30'))).toEqual({ kind: 'on-time', paragraph: '§ 62 stk. 1 nr. 2', dueDate: '2024-08-30' });
  });

  it('given an offer ending on Friday reported on Monday, it is three days late: weekends do not extend', () => {
    const verdict = end(noonOn('2024-09-02'));
    expect(verdict).toMatchObject({ kind: 'late', dueDate: '2024-08-30', daysLate: 3 });
    expect(reasonsOf(verdict)[0]).toMatchObject({ field: 'tilbud.slutdato' });
  });

  it('an offer ending on the autumn-change Sunday: 23:30 CEST the evening before is held, 00:30 CEST is on time', () => {
    expect(end(at('2024-10-26T21:30:00Z'), '2024-10-27')).toMatchObject({ kind: 'premature', releaseOn: '2024-10-27' });
    expect(end(at('2024-10-26T22:30:00Z'), '2024-10-27').kind).toBe('on-time');
    expect(end(at('2024-10-27T22:59:00Z'), '2024-10-27').kind).toBe('on-time'); // 23:59 CET
    expect(end(at('2024-10-27T23:00:00Z'), '2024-10-27').kind).toBe('late');
  });

  it('an offer ending on the spring-change Sunday: 23:59 CET the evening before is held, 00:00 CET is on time', () => {
    expect(end(at('2024-03-30T22:59:00Z'), '2024-03-31')).toMatchObject({ kind: 'premature', releaseOn: '2024-03-31' });
    expect(end(at('2024-03-30T23:00:00Z'), '2024-03-31').kind).toBe('on-time');
    expect(end(at('2024-03-31T21:59:00Z'), '2024-03-31').kind).toBe('on-time'); // 23:59 CEST
  });
});

describe('§ 62 stk. 1 nr. 3–5: changes are reported the day the jobcentre learns of them or the day after', () => {
  it('given a change learned during the offer, nr. 3 applies and the deadline runs from kendskabsdato', () => {
    expect(change('2024-06-10', '2024-06-12', noonOn('2024-06-13'))).toEqual({ kind: 'on-time', paragraph: '§ 62 stk. 1 nr. 3', dueDate: '2024-06-13' });
    const late = change('2024-06-10', '2024-06-12', noonOn('2024-06-14'));
    expect(late).toMatchObject({ kind: 'late', paragraph: '§ 62 stk. 1 nr. 3', dueDate: '2024-06-13', daysLate: 1 });
    expect(reasonsOf(late)[0]).toMatchObject({ field: 'kendskabsdato' });
  });

  it('the event day and the knowledge day are separate clocks: a change learned 19 days later is still on time', () => {
    expect(change('2024-06-01', '2024-06-20', noonOn('2024-06-21')).kind).toBe('on-time');
  });

  it('given no kendskabsdato, the clock runs from haendelsesdato and the reason names haendelsesdato', () => {
    const verdict = change('2024-06-10', null, noonOn('2024-06-12'));
    expect(verdict).toMatchObject({ kind: 'late', dueDate: '2024-06-11', daysLate: 1 });
    expect(reasonsOf(verdict)[0]).toMatchObject({ field: 'haendelsesdato' });
  });

  it('learned on the end date itself is still during the offer (nr. 3); the day after is nr. 4–5', () => {
    expect(change('2024-08-20', '2024-08-30', noonOn('2024-08-30')).paragraph).toBe('§ 62 stk. 1 nr. 3');
    expect(change('2024-08-20', '2024-08-31', noonOn('2024-08-31'))).toEqual({ kind: 'on-time', paragraph: '§ 62 stk. 1 nr. 4-5', dueDate: '2024-09-01' });
  });

  it('given a change learned after the end date and reported three days later, it is late under nr. 4–5', () => {
    const verdict = change('2024-08-15', '2024-09-10', noonOn('2024-09-13'));
    expect(verdict).toMatchObject({ kind: 'late', paragraph: '§ 62 stk. 1 nr. 4-5', dueDate: '2024-09-11', daysLate: 2 });
    expect(reasonsOf(verdict)[0]?.message).toContain('after tilbud.slutdato');
  });

  it('given kendskabsdato before haendelsesdato, it is rejected naming kendskabsdato', () => {
    expect(change('2024-06-10', '2024-06-09', noonOn('2024-06-10'))).toMatchObject({
      kind: 'rejected',
      reasons: [{ code: 'knowledge-before-event', field: 'kendskabsdato' }],
    });
  });

  it('given kendskabsdato after the report day, it is rejected naming kendskabsdato', () => {
    expect(change('2024-06-10', '2024-06-12', at('2024-06-11T23:59:00+02:00'))).toMatchObject({
      kind: 'rejected',
      reasons: [{ code: 'knowledge-in-future', field: 'kendskabsdato' }],
    });
  });

  it('given no kendskabsdato and a haendelsesdato after the report day, it is rejected naming haendelsesdato', () => {
    expect(change('2024-06-12', null, noonOn('2024-06-11'))).toMatchObject({ kind: 'rejected', reasons: [{ field: 'haendelsesdato' }] });
  });
});
