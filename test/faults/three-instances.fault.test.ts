// Issue 11, point 8, test:faults: three hub processes in one group over 100,000 reports while one of
// them is SIGKILLed and started again every 20 s. Nothing lost or doubled, each person's chapter 2
// change seen by their next chapter 11 report across rebalances, and every delivered report sent
// again afterwards a DUBLET with no second notification.
import { describe, expect, it } from 'vitest';
import { recordFigures } from '../support/fault-report.ts';
import { NO_THREE_INSTANCE_SHORTFALLS, runThreeInstances, threeInstanceShortfalls } from '../support/three-instances.ts';

const PERSONS = 20_000; // five reports each: 100,000

describe('three hub instances, one SIGKILLed every 20 s', () => {
  it(`loses, doubles and forgets nothing over ${PERSONS * 5} reports`, async () => {
    const r = await runThreeInstances({ persons: PERSONS, killEveryMs: 20_000, minKills: 10, slices: 100, killPerSlice: false, pauseMs: 2500, timeoutMs: 1_800_000 });
    recordFigures('three-instances-long', {
      reports: r.ledger.reports, kills: r.kills, secondsToRestart: r.restartsS, resent: r.resent, outcomes: r.ledger.outcomes,
      notifications: r.ledger.notifications, stateMisses: r.stateMisses.length, resendsNotDublet: r.resendsNotDublet.length,
      doubledFinalReceipts: r.ledger.doubledFinalReceipts.length, doubledNotifications: r.ledger.doubledNotifications.length,
      lost: r.ledger.lostReceipts.length + r.ledger.lostNotifications.length, totalS: r.totalS,
    });
    expect(r.kills).toBeGreaterThanOrEqual(10);
    expect(threeInstanceShortfalls(r)).toEqual(NO_THREE_INSTANCE_SHORTFALLS);
    expect(r.ledger.notifications).toBe(PERSONS);
  }, 3_600_000);
});
