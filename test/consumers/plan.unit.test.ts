// The plan turns a verdict into what must be written, without I/O: given a verdict and what is
// known of the person, when planned, then these deliveries, holds, waits or dead letters.
import { describe, expect, it } from 'vitest';
import { copenhagenMidnight, planOutcome, type PlanInput } from '../../src/consumers/plan.ts';
import type { Verdict } from '../../src/rules/verdict.ts';

const onTime: Verdict = { kind: 'on-time', paragraph: '§ 61', dueDate: '2026-11-27', warnings: [] };
const base: PlanInput = {
  kapitel: 11, haendelsestype: 'udeblivelse-samtale', verdict: onTime, person: { kontaktgruppe: 1, akasse: 'aak' },
  alreadyDelivered: false, firstReceivedAt: Date.parse('2026-11-26T10:00:00Z'), now: Date.parse('2026-11-26T10:00:01Z'),
  forsoeg: 0, knownFunds: new Set(['aak', '3f']), routing: { unroutableAlarmAfterMs: 3_600_000, retryDelayMs: 1000, maxRetryDelayMs: 8000 },
};

describe('copenhagenMidnight', () => {
  it('is 23:00 UTC the evening before in winter and 22:00 UTC in summer', () => {
    expect(new Date(copenhagenMidnight('2026-11-27')).toISOString()).toBe('2026-11-26T23:00:00.000Z');
    expect(new Date(copenhagenMidnight('2026-07-01')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('follows the offset of the night itself on both change days', () => {
    // 29 March 2026: clocks go forward at 01:00 UTC, after midnight: midnight is still UTC+1.
    expect(new Date(copenhagenMidnight('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(copenhagenMidnight('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // 25 October 2026: clocks go back at 01:00 UTC, after midnight: midnight is still UTC+2.
    expect(new Date(copenhagenMidnight('2026-10-25')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(copenhagenMidnight('2026-10-26')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });
});

describe('planOutcome', () => {
  it('delivers a chapter 11 report to the person\'s own fund and the warehouse', () => {
    expect(planOutcome(base)).toEqual({ udfald: 'LEVERET', deliveries: [{ to: 'fund', akasse: 'aak' }, { to: 'datavarehus' }], pending: [], reasons: [] });
  });

  it('delivers nothing twice: a report id already delivered is a duplicate', () => {
    const plan = planOutcome({ ...base, alreadyDelivered: true });
    expect(plan.udfald).toBe('DUBLET');
    expect(plan.deliveries).toEqual([]);
  });

  it('holds a premature report with a release day until 00:00 Copenhagen time that day', () => {
    const plan = planOutcome({ ...base, verdict: { kind: 'premature', paragraph: '§ 62 stk. 1 nr. 2', earliestDate: '2026-12-10', releaseOn: '2026-12-10', reasons: [], warnings: [] } });
    expect(plan).toMatchObject({ udfald: 'TILBAGEHOLDT', deliveries: [], pending: [{ grund: 'TILBAGEHOLDT', releaseAt: Date.parse('2026-12-09T23:00:00Z') }] });
  });

  it('refuses a premature report without a release day', () => {
    expect(planOutcome({ ...base, verdict: { kind: 'premature', paragraph: '§ 62 stk. 1 nr. 1', earliestDate: '2026-12-01', reasons: [], warnings: [] } }).udfald).toBe('AFVIST');
  });

  it('lets a report wait for an unknown fund, doubling the wait, and dead-letters it once the alarm time has passed', () => {
    const person = { kontaktgruppe: 1 };
    const first = planOutcome({ ...base, person });
    expect(first).toMatchObject({ udfald: 'AFVENTER_AKASSE', pending: [{ grund: 'AFVENTER_AKASSE', releaseAt: base.now + 1000, forsoeg: 1 }] });
    const third = planOutcome({ ...base, person, forsoeg: 2 });
    expect(third.pending[0]).toMatchObject({ releaseAt: base.now + 4000, forsoeg: 3 });
    const capped = planOutcome({ ...base, person, forsoeg: 10 });
    expect(capped.pending[0]).toMatchObject({ releaseAt: base.now + 8000 });
    const late = planOutcome({ ...base, person, now: base.firstReceivedAt + 3_600_000 });
    expect(late).toMatchObject({ udfald: 'DOEDT_BREV', deadLetter: { kode: 'UNKNOWN_FUND' } });
  });

  it('dead-letters a report whose fund has no topic, and never routes it to another fund', () => {
    const plan = planOutcome({ ...base, person: { kontaktgruppe: 1, akasse: 'ukendt-kasse' } });
    expect(plan.udfald).toBe('DOEDT_BREV');
    expect(plan.deliveries).toEqual([]);
    expect(plan.deadLetter?.aarsag).toContain('ukendt-kasse');
  });

  it('schedules the end-of-offer check the day after the end date for a delivered offer start', () => {
    const plan = planOutcome({ ...base, haendelsestype: 'tilbud-start', tilbudSlutdato: '2026-12-31' });
    expect(plan.pending).toEqual([{ grund: 'KONTROL_AFSLUTNING', releaseAt: Date.parse('2026-12-31T23:00:00Z'), fristdato: '2026-12-31' }]);
  });

  it('sends other chapters to the warehouse only; out-of-scope and rejected reports go nowhere', () => {
    expect(planOutcome({ ...base, kapitel: 2 }).deliveries).toEqual([{ to: 'datavarehus' }]);
    expect(planOutcome({ ...base, verdict: { kind: 'out-of-scope', paragraph: '§ 60', reasons: [], warnings: [] } })).toMatchObject({ udfald: 'UDEN_FOR_PERSONKREDS', deliveries: [] });
    expect(planOutcome({ ...base, verdict: { kind: 'rejected', paragraph: '§ 63', reasons: [], warnings: [] } })).toMatchObject({ udfald: 'AFVIST', deliveries: [] });
  });
});
