// Issue 7 (f), test:faults only: the real hub SIGKILLed at least five times at random moments
// while 100,000 reports stream in; every report ends in exactly one final receipt, and a
// read_committed reader of the fund topics sees each notification exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { seededRandom } from '../../src/producers/samples.ts';
import { balanceLedger, NO_SHORTFALLS, publishInSlices, shortfalls } from '../support/fault-ledger.ts';
import { recordFigures, seconds, sized } from '../support/fault-report.ts';
import { prepareStream, STREAM_FUNDS } from '../support/fault-stream.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { testLogger, uniqueName } from '../support/services.ts';

const PERSONS = sized(2_500, 50_000); // two reports each: 100,000 in test:faults
const KILLS = sized(5, 6);
const SLICES = 40;

let services: Services;
let hub: HubProcess | undefined;
const env = { HUB_TOPIC_PREFIX: uniqueName('kill'), HUB_PARTITIONS: '3', HUB_SESSION_TIMEOUT_MS: '6000', HUB_REQUIRE_AGREEMENT: 'false' };

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
});

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
});

describe('the long SIGKILL run', () => {
  it(`loses and doubles nothing when the hub is SIGKILLed ${KILLS}× during ${PERSONS * 2} reports`, async () => {
    const { kafka, codec, topics, settings } = services;
    const stream = await prepareStream(services, PERSONS, 'kill', 4711);
    const random = seededRandom(Number(process.env.FAULTS_SEED ?? 31));
    const killAfter = new Set<number>();
    while (killAfter.size < KILLS) killAfter.add(1 + Math.floor(random() * (SLICES - 2)));
    hub = spawnHub(env);
    await hub.ready;
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 500 });
    const begun = Date.now();
    const restartsS: number[] = [];
    let kills = 0;
    let lastKill = 0;
    await publishInSlices(publisher, stream.submissions, SLICES, async (s) => {
      if (!killAfter.has(s)) return;
      // A random moment: the hub is somewhere in a batch, a transaction or a commit.
      await new Promise((r) => setTimeout(r, Math.floor(random() * 3000)));
      hub!.child.kill('SIGKILL');
      expect(await hub!.exited).toBe('SIGKILL');
      kills++;
      lastKill = Date.now();
      hub = spawnHub(env);
      await hub.ready;
      restartsS.push(seconds(Date.now() - lastKill));
    });
    await publisher.close();
    const ledger = await balanceLedger({ kafka, codec, topics, reportIds: stream.reportIds, fundOf: stream.fundOf, funds: STREAM_FUNDS, timeoutMs: sized(600_000, 2_400_000) });
    recordFigures('sigkill-long', {
      reports: ledger.reports, kills, secondsToRestartTheHub: restartsS, inboundCopies: ledger.inboundCopies,
      receipts: ledger.receipts, finalReceipts: ledger.finalReceipts, notifications: ledger.notifications,
      lost: ledger.lostReceipts.length + ledger.lostNotifications.length + ledger.neverReachedInbound.length,
      doubled: ledger.doubledFinalReceipts.length + ledger.doubledNotifications.length, outcomes: ledger.outcomes,
      secondsFromLastKillToAllCounted: seconds(Date.now() - lastKill), totalS: seconds(Date.now() - begun),
    });
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(shortfalls(ledger)).toEqual(NO_SHORTFALLS);
    expect(ledger.notifications).toBe(PERSONS);
  }, 3_600_000);
});
