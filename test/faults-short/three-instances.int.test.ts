// Issue 11, point 8, short size: three hub processes in one group over 3,000 reports while one of
// them is SIGKILLed and started again every few seconds. Nothing lost or doubled, each person's
// chapter 2 change seen by their next chapter 11 report, and every delivered report sent again a DUBLET.
import { describe, expect, it } from 'vitest';
import { recordFigures } from '../support/fault-report.ts';
import { NO_THREE_INSTANCE_SHORTFALLS, runThreeInstances, threeInstanceShortfalls } from '../support/three-instances.ts';

const PERSONS = 600; // five reports each: 3,000

describe('three hub instances, one SIGKILLed every few seconds', () => {
  it(`loses, doubles and forgets nothing over ${PERSONS * 5} reports`, async () => {
    const r = await runThreeInstances({ persons: PERSONS, killEveryMs: 2500, minKills: 4, slices: 5, killPerSlice: true, pauseMs: 3000, timeoutMs: 240_000 });
    recordFigures('three-instances', {
      reports: r.ledger.reports, kills: r.kills, secondsToRestart: r.restartsS, resent: r.resent, outcomes: r.ledger.outcomes,
      notifications: r.ledger.notifications, stateMisses: r.stateMisses.length, resendsNotDublet: r.resendsNotDublet.length,
      doubledFinalReceipts: r.ledger.doubledFinalReceipts.length, doubledNotifications: r.ledger.doubledNotifications.length,
      lost: r.ledger.lostReceipts.length + r.ledger.lostNotifications.length, totalS: r.totalS,
    });
    expect(r.kills).toBeGreaterThanOrEqual(4);
    expect(threeInstanceShortfalls(r)).toEqual(NO_THREE_INSTANCE_SHORTFALLS);
    expect(r.ledger.notifications).toBe(PERSONS);
  }, 600_000);
});
