// Issue 7 (d): a fund's HTTPS endpoint (a local HTTP server here) answers 503 for a while and then
// recovers: every notification reaches it exactly once (counted by x-hub-notifikation-id). Another
// fund's endpoint never recovers: each of its notifications ends as a dead letter (DELIVERY_FAILED) with the reason.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { balanceLedger, countTopic, publishInSlices } from '../support/fault-ledger.ts';
import { recordFigures, seconds, sized } from '../support/fault-report.ts';
import { prepareStream, STREAM_FUNDS } from '../support/fault-stream.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { eventually, testLogger, uniqueName } from '../support/services.ts';

const PERSONS = sized(300, 6_000);
const OUTAGE_MS = sized(3_000, 10_000);
const ATTEMPTS = sized(6, 8);
const RETRY_MS = 200;

/** A fund's endpoint: answers 503 until `healthy`, then 200; counts what it accepted per notification id. */
const fundEndpoint = () => {
  const accepted = new Map<string, number>();
  const state = { healthy: false, refused: 0, always503: false };
  const server = http.createServer((req, res) => {
    const id = String(req.headers['x-hub-notifikation-id'] ?? '');
    req.resume();
    req.on('end', () => {
      if (state.always503 || !state.healthy) { state.refused++; res.writeHead(503).end('unavailable'); return; }
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return { server, accepted, state };
};

let services: Services;
let hub: HubProcess | undefined;
let env: Record<string, string>;
let dir: string;
const recovering = fundEndpoint();
const broken = fundEndpoint();
broken.state.always503 = true;

const listen = (server: http.Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));

beforeAll(async () => {
  const [okPort, badPort] = [await listen(recovering.server), await listen(broken.server)];
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-push-'));
  const fundsFile = path.join(dir, 'akasser.json');
  fs.writeFileSync(fundsFile, JSON.stringify({ akasser: [
    { code: 'aak', navn: 'recovers', pushUrl: `http://127.0.0.1:${okPort}/notifikationer` },
    { code: '3f', navn: 'topic only' },
    { code: 'hk', navn: 'never recovers', pushUrl: `http://127.0.0.1:${badPort}/notifikationer` },
  ] }));
  env = {
    HUB_TOPIC_PREFIX: uniqueName('push'), HUB_PARTITIONS: '3', HUB_REQUIRE_AGREEMENT: 'false', HUB_FUNDS_FILE: fundsFile,
    HUB_PUSH_ATTEMPTS: String(ATTEMPTS), HUB_PUSH_RETRY_MS: String(RETRY_MS),
  };
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
});

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
  recovering.server.close();
  broken.server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a fund endpoint that fails for a while, and one that never recovers', () => {
  it('pushes every notification exactly once after recovery and dead-letters the undeliverable ones with the reason', async () => {
    const { kafka, codec, topics, settings } = services;
    const stream = await prepareStream(services, PERSONS, 'push');
    const toAak = [...stream.fundOf].filter(([, f]) => f === 'aak').map(([id]) => `${id}:aak`);
    const toHk = [...stream.fundOf].filter(([, f]) => f === 'hk').map(([id]) => `${id}:hk`);
    hub = spawnHub(env);
    await hub.ready;
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 200 });
    const begun = Date.now();
    await publishInSlices(publisher, stream.submissions, 4);
    await publisher.close();
    // The outage lasts until every notification has been refused at least once, and OUTAGE_MS at least.
    await eventually(() => recovering.state.refused >= toAak.length, 120_000, 100);
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - begun))));
    recovering.state.healthy = true;
    const recovered = Date.now();
    const refusedBeforeRecovery = recovering.state.refused;

    const dead = await countTopic(kafka, codec, topics.doedeBreve, (v, m) => (v.kode === 'DELIVERY_FAILED' ? m.key : undefined), { keep: true });
    const allPushed = await eventually(() => toAak.every((id) => recovering.accepted.has(id)), sized(120_000, 600_000), 250);
    const pushedS = seconds(Date.now() - recovered);
    await dead.settle(() => toHk.every((id) => dead.counts.has(id)), sized(120_000, 600_000));
    // Linger: a doubled push would show now.
    await new Promise((r) => setTimeout(r, 3000));
    const ledger = await balanceLedger({ kafka, codec, topics, reportIds: stream.reportIds, fundOf: stream.fundOf, funds: STREAM_FUNDS, timeoutMs: 120_000 });

    const doubledPushes = [...recovering.accepted].filter(([, c]) => c > 1);
    const reasons = dead.values.filter((v) => v.kode === 'DELIVERY_FAILED').map((v) => String(v.aarsag));
    recordFigures('push-outage', {
      notificationsToRecoveringFund: toAak.length, refusedWith503BeforeRecovery: refusedBeforeRecovery, outageS: seconds(recovered - begun),
      acceptedAfterRecovery: recovering.accepted.size, doubledPushes: doubledPushes.length, secondsFromRecoveryToAllPushed: pushedS,
      notificationsToBrokenFund: toHk.length, brokenEndpointRequests: broken.state.refused, deadLettersDeliveryFailed: dead.counts.size,
      attempts: ATTEMPTS, retryMs: RETRY_MS, lost: ledger.lostReceipts.length + ledger.lostNotifications.length,
    });
    expect(allPushed).toBe(true);
    expect(refusedBeforeRecovery).toBeGreaterThan(0);
    expect(recovering.accepted.size).toBe(toAak.length);
    expect(doubledPushes).toEqual([]);
    expect([...recovering.accepted.keys()].filter((id) => !toAak.includes(id))).toEqual([]);
    // The broken fund: one dead letter per notification, each after every attempt was spent, with the reason.
    expect(dead.counts.size).toBe(toHk.length);
    expect([...dead.counts.values()].filter((c) => c !== 1)).toEqual([]);
    expect(broken.state.refused).toBeGreaterThanOrEqual(toHk.length * ATTEMPTS);
    expect(reasons.every((r) => r.includes('HTTP 503') && r.includes(`${ATTEMPTS} attempts`))).toBe(true);
    // And the topics themselves lost and doubled nothing.
    expect(ledger.neverReachedInbound).toEqual([]);
    expect(ledger.lostReceipts).toEqual([]);
    expect(ledger.lostNotifications).toEqual([]);
    expect(ledger.doubledNotifications).toEqual([]);
  }, sized(300_000, 1_800_000));
});
