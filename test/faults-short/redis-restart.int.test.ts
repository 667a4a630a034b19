// Issue 7 (b): Redis restarts (own instance, append-only) while retries and held reports are in
// flight. Held jobs survive with their release moment; reports waiting for an unknown fund keep
// being retried and are routed once the membership is published, after the restart.
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { jobIdOf, queueNames } from '../../src/delivery/queues.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher, type Submission } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, sampleCvr, seededRandom, tilbudStart, udeblivelse } from '../../src/producers/samples.ts';
import { addDays, copenhagenDate } from '../../src/rules/calendar/index.ts';
import { balanceLedger, countTopic, publishInSlices } from '../support/fault-ledger.ts';
import { recordFigures, seconds, sized } from '../support/fault-report.ts';
import { prepareStream, STREAM_FUNDS } from '../support/fault-stream.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { startOwnStack, type OwnStack } from '../support/own-stack.ts';
import { eventually, testLogger, uniqueName } from '../support/services.ts';

const PERSONS = sized(400, 5_000);
const WAITING = sized(30, 300);
const HELD = sized(30, 300);
const DOWN_MS = sized(4_000, 15_000);

let stack: OwnStack;
let services: Services;
let hub: HubProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startOwnStack('redis-restart', ['redis']);
  env = {
    ...stack.env, HUB_TOPIC_PREFIX: uniqueName('rds'), HUB_PARTITIONS: '3', HUB_SESSION_TIMEOUT_MS: '6000', HUB_REQUIRE_AGREEMENT: 'false',
    HUB_ROUTE_RETRY_MS: '1500', HUB_ROUTE_RETRY_MAX_MS: '3000',
  };
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
});

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
  await stack?.close();
});

describe('a Redis restart with retries and held reports in flight', () => {
  it('keeps held jobs, keeps retrying waiting reports and routes them once the fund is known', async () => {
    const { kafka, codec, topics, settings } = services;
    const stream = await prepareStream(services, PERSONS, 'rds');
    const now = Date.now();
    const today = copenhagenDate(now);
    const random = seededRandom(99);
    // Persons whose fund is not known yet, and persons whose offer's end is reported before its end date.
    const waiting = samplePersons(WAITING, ['aak'], 7001, stream.cprs);
    const held = samplePersons(HELD, ['3f'], 7002, new Set([...stream.cprs, ...waiting.map((p) => p.cpr)]));
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish(held.map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
    const early: Submission[] = [
      ...waiting.flatMap((p, i) => [kontaktgruppeStart(p, `w-kg-${i}`, today, now), udeblivelse(p, `w-ude-${i}`, today, now)]),
      ...held.flatMap((p, i) => {
        const start = tilbudStart(p, `h-${i}`, today, today, 4, now, sampleCvr(random));
        return [kontaktgruppeStart(p, `h-kg-${i}`, today, now), { kapitel: 11, report: { ...start.report, indberetningId: `h-slut-${i}`, haendelsestype: 'tilbud-slut' } }];
      }),
    ];
    const heldIds = held.map((_, i) => `h-slut-${i}`);
    const waitingIds = waiting.map((_, i) => `w-ude-${i}`);
    const slutdato = addDays(today, 27);

    const receipts = await countTopic(kafka, codec, topics.kvitteringer, (v) => `${String(v.indberetningId)}:${String(v.udfald)}`);
    hub = spawnHub(env);
    await hub.ready;
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 200 });
    await publishInSlices(publisher, early, 1);
    const half = Math.floor(stream.submissions.length / 2);
    await publishInSlices(publisher, stream.submissions.slice(0, half), 4);

    // In flight: every held report has its TILBAGEHOLDT receipt and a delayed job; every waiting one has been retried at least once.
    const connection = services.redis.duplicate();
    connection.on('error', () => undefined); // Redis is taken away on purpose below
    const queue = new Queue(queueNames(settings.topicPrefix).ventende, { connection });
    queue.on('error', () => undefined);
    const heldJobIds = heldIds.map((id) => jobIdOf('TILBAGEHOLDT', id, 0));
    const heldDelaysBefore = new Map<string, number>();
    expect(await eventually(async () => {
      const jobs = await Promise.all(heldJobIds.map((id) => queue.getJob(id)));
      jobs.forEach((j) => { if (j) heldDelaysBefore.set(j.id!, j.timestamp + j.delay); });
      return heldDelaysBefore.size === HELD && waitingIds.every((id) => (receipts.counts.get(`${id}:AFVENTER_AKASSE`) ?? 0) >= 2);
    }, 90_000, 500)).toBe(true);
    const waitingRetriesBefore = waitingIds.reduce((n, id) => n + (receipts.counts.get(`${id}:AFVENTER_AKASSE`) ?? 0), 0);

    // Redis goes away while the second half of the stream arrives.
    const down = Date.now();
    await stack.stop('redis');
    const secondHalf = publishInSlices(publisher, stream.submissions.slice(half), 4);
    await new Promise((r) => setTimeout(r, DOWN_MS));
    await stack.start('redis');
    const back = Date.now();
    await secondHalf;
    await publisher.close();

    // Held jobs came back from the append-only file with their release moment.
    const heldAfter = await Promise.all(heldJobIds.map(async (id) => {
      const job = await queue.getJob(id);
      return job ? { state: await job.getState(), due: job.timestamp + job.delay } : undefined;
    }));
    expect(heldAfter.filter((j) => j?.state === 'delayed').length).toBe(HELD);
    expect(heldAfter.every((j, i) => j?.due === heldDelaysBefore.get(heldJobIds[i]!))).toBe(true);

    // Waiting reports are still retried after the restart; once the membership is known they are routed.
    expect(await eventually(() => waitingIds.reduce((n, id) => n + (receipts.counts.get(`${id}:AFVENTER_AKASSE`) ?? 0), 0) > waitingRetriesBefore, 60_000, 500)).toBe(true);
    const published = Date.now();
    await members.publish(waiting.map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
    await members.close();
    expect(await eventually(() => waitingIds.every((id) => receipts.counts.has(`${id}:LEVERET`)), 60_000, 500)).toBe(true);
    const routedS = seconds(Date.now() - published);
    await receipts.close();
    await queue.close();

    const fundOf = new Map([...stream.fundOf, ...waiting.map((p, i) => [`w-ude-${i}`, p.akasse] as [string, string])]);
    const reportIds = [...stream.reportIds, ...waiting.flatMap((_, i) => [`w-kg-${i}`, `w-ude-${i}`]), ...held.map((_, i) => `h-kg-${i}`)];
    const ledger = await balanceLedger({ kafka, codec, topics, reportIds, fundOf, funds: STREAM_FUNDS, timeoutMs: sized(180_000, 600_000) });
    const alive = hub.child.exitCode === null && hub.child.signalCode === null;
    recordFigures('redis-restart', {
      reports: reportIds.length + HELD, held: HELD, heldJobsAfterRestart: heldAfter.filter((j) => j?.state === 'delayed').length, heldReleaseDay: slutdato,
      waiting: WAITING, waitingRetriesBeforeRestart: waitingRetriesBefore, secondsFromMembershipToRouted: routedS,
      redisDownS: seconds(back - down), receipts: ledger.receipts, finalReceipts: ledger.finalReceipts, notifications: ledger.notifications,
      lost: ledger.lostReceipts.length + ledger.lostNotifications.length, doubled: ledger.doubledFinalReceipts.length + ledger.doubledNotifications.length,
      outcomes: ledger.outcomes, hubAlive: alive,
    });
    if (!alive || ledger.lostReceipts.length > 0) console.log(hub.output().slice(-8000));
    expect(alive).toBe(true);
    expect(ledger.neverReachedInbound).toEqual([]);
    expect(ledger.lostReceipts).toEqual([]);
    expect(ledger.doubledFinalReceipts).toEqual([]);
    expect(ledger.lostNotifications).toEqual([]);
    expect(ledger.doubledNotifications).toEqual([]);
    expect(ledger.misroutedNotifications).toEqual([]);
    expect(ledger.outcomes.TILBAGEHOLDT).toBe(HELD);
  }, sized(300_000, 1_800_000));
});
