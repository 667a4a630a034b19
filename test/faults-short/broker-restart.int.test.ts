// Issue 7 (a): the broker goes away in the middle of a stream and comes back (own single-node
// broker on free ports). The hub, a real child process, rides it out: nothing lost, nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { balanceLedger, NO_SHORTFALLS, publishInSlices, shortfalls } from '../support/fault-ledger.ts';
import { recordFigures, seconds, sized } from '../support/fault-report.ts';
import { prepareStream, STREAM_FUNDS } from '../support/fault-stream.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { startOwnStack, type OwnStack } from '../support/own-stack.ts';
import { testLogger, uniqueName } from '../support/services.ts';

const PERSONS = sized(600, 10_000);
const RESTARTS = sized(1, 3);
const DOWN_MS = sized(5_000, 15_000);

let stack: OwnStack;
let services: Services;
let hub: HubProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startOwnStack('broker-restart', ['kafka']);
  env = { ...stack.env, HUB_TOPIC_PREFIX: uniqueName('brk'), HUB_PARTITIONS: '3', HUB_SESSION_TIMEOUT_MS: '6000', HUB_REQUIRE_AGREEMENT: 'false' };
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
});

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
  await stack?.close();
});

describe('a broker restart in the middle of a stream', () => {
  it(`loses and doubles nothing when the broker restarts ${RESTARTS}× during ${PERSONS * 2} reports`, async () => {
    const { kafka, codec, topics, settings } = services;
    const stream = await prepareStream(services, PERSONS, 'brk');
    hub = spawnHub(env);
    await hub.ready;
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 200 });
    const downtimes: number[] = [];
    let lastBack = 0;
    const begun = Date.now();
    const slices = 12;
    const restartAfter = new Set(Array.from({ length: RESTARTS }, (_, i) => Math.floor(((i + 1) * slices) / (RESTARTS + 1))));
    const { resends } = await publishInSlices(publisher, stream.submissions, slices, async (s) => {
      if (!restartAfter.has(s)) return;
      // The hub is mid-batch: give it a moment with the slice, then take the broker away.
      await new Promise((r) => setTimeout(r, 500));
      const down = Date.now();
      await stack.stop('kafka');
      await new Promise((r) => setTimeout(r, DOWN_MS));
      await stack.start('kafka');
      lastBack = Date.now();
      downtimes.push(lastBack - down);
    });
    await publisher.close();
    const ledger = await balanceLedger({ kafka, codec, topics, reportIds: stream.reportIds, fundOf: stream.fundOf, funds: STREAM_FUNDS, timeoutMs: sized(240_000, 900_000) });
    const caughtUpS = seconds(Date.now() - lastBack);
    const alive = hub.child.exitCode === null && hub.child.signalCode === null;
    recordFigures('broker-restart', {
      reports: ledger.reports, restarts: RESTARTS, downtimeS: downtimes.map(seconds), publisherResends: resends,
      inboundCopies: ledger.inboundCopies, receipts: ledger.receipts, finalReceipts: ledger.finalReceipts, notifications: ledger.notifications,
      lost: ledger.lostReceipts.length + ledger.lostNotifications.length, doubled: ledger.doubledFinalReceipts.length + ledger.doubledNotifications.length,
      outcomes: ledger.outcomes, secondsFromLastRestartToAllCounted: caughtUpS, totalS: seconds(Date.now() - begun), hubAlive: alive,
    });
    if (!alive || ledger.lostReceipts.length > 0) console.log(hub.output().slice(-8000));
    expect(alive).toBe(true);
    expect(shortfalls(ledger)).toEqual(NO_SHORTFALLS);
    expect(ledger.notifications).toBe(PERSONS);
  }, sized(300_000, 1_800_000));
});
