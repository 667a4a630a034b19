// Issue 7 (c): the schema registry is away for 30 s (own Apicurio on free ports). Reports keep
// arriving: some in the schema version the hub knows, some in a newer, compatible version that a
// case system registered just before the outage and the hub has never seen. The hub backs off on
// the partitions it cannot decode (no dead letters for an outage) and catches up when the registry is back.
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { withNullDefaults } from '../../src/producers/validate.ts';
import { inboundSchema } from '../../src/shared/codec.ts';
import { registerValueSchema } from '../../src/shared/registry.ts';
import { balanceLedger, countTopic, NO_SHORTFALLS, publishInSlices, shortfalls } from '../support/fault-ledger.ts';
import { recordFigures, seconds, sized } from '../support/fault-report.ts';
import { prepareStream, STREAM_FUNDS } from '../support/fault-stream.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { startOwnStack, type OwnStack } from '../support/own-stack.ts';
import { personKeyOf, testLogger, uniqueName } from '../support/services.ts';

const PERSONS = sized(400, 5_000);
const DOWN_MS = 30_000;

let stack: OwnStack;
let services: Services;
let hub: HubProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startOwnStack('registry-outage', ['registry']);
  env = { ...stack.env, HUB_TOPIC_PREFIX: uniqueName('reg'), HUB_PARTITIONS: '3', HUB_SESSION_TIMEOUT_MS: '6000', HUB_REQUIRE_AGREEMENT: 'false' };
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
});

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
  await stack?.close();
});

describe('the schema registry away for 30 seconds', () => {
  it('backs off, dead-letters nothing and catches up when the registry is back', async () => {
    const { kafka, codec, topics, settings } = services;
    const stream = await prepareStream(services, PERSONS, 'reg');
    hub = spawnHub(env);
    await hub.ready;
    // A case system's newer, BACKWARD-compatible envelope (one optional field more), registered before the outage.
    const v2 = { ...inboundSchema(), fields: [...(inboundSchema().fields as object[]), { name: 'kanal', type: ['null', 'string'], default: null }] };
    const v2Id = await registerValueSchema(codec.registry, topics.indberetninger, v2, 'inbound');
    const encodeV2 = async (kapitel: number, report: Record<string, unknown>): Promise<Message> => {
      const full = withNullDefaults(kapitel, report);
      return {
        key: await personKeyOf(services, String(full.cpr)),
        value: await codec.registry.encode(v2Id, { kapitel, data: codec.wrapReport(kapitel, full), kanal: 'fault-test' }),
        headers: { [HEADERS.kildesystem]: String(full.kildesystem), [HEADERS.indberetningId]: String(full.indberetningId), [HEADERS.kapitel]: String(kapitel) },
      };
    };
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 200 });
    const raw = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await raw.connect();
    const third = Math.floor(stream.submissions.length / 3);
    // Before the outage only the known version flows: the first v2 message arrives during the outage.
    await publishInSlices(publisher, stream.submissions.slice(0, third), 2);

    const down = Date.now();
    await stack.stop('registry');
    // During the outage: v1 through the SDK (its schema id is cached), v2 raw with the id fetched before.
    const during = stream.submissions.slice(third);
    // Every other chapter 11 report of the outage goes in the new version (chosen by kapitel, not position).
    const v2Part = during.filter((s) => s.kapitel === 11).filter((_, i) => i % 2 === 1);
    const v1Part = during.filter((s) => !v2Part.includes(s));
    await publishInSlices(publisher, v1Part, 4);
    for (let i = 0; i < v2Part.length; i += 200) {
      await raw.send({ topic: topics.indberetninger, acks: -1, messages: await Promise.all(v2Part.slice(i, i + 200).map((s) => encodeV2(s.kapitel, s.report))) });
    }
    await raw.disconnect();
    await publisher.close();
    const receiptsDuring = await countTopic(kafka, codec, topics.kvitteringer, (v) => String(v.indberetningId));
    await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - down))));
    const processedDuringOutage = receiptsDuring.total();
    await receiptsDuring.close();
    await stack.start('registry');
    const back = Date.now();

    const ledger = await balanceLedger({ kafka, codec, topics, reportIds: stream.reportIds, fundOf: stream.fundOf, funds: STREAM_FUNDS, timeoutMs: sized(180_000, 600_000) });
    const dead = await countTopic(kafka, codec, topics.doedeBreve, (v) => String(v.kode));
    await dead.settle(() => true, 10_000, 2000);
    const alive = hub.child.exitCode === null && hub.child.signalCode === null;
    const retries = (hub.output().match(/batch failed; retrying/g) ?? []).length;
    recordFigures('registry-outage', {
      reports: ledger.reports, v2DuringOutage: v2Part.length, registryDownS: seconds(back - down), receiptsWhenRegistryCameBack: processedDuringOutage,
      batchRetriesLogged: retries, secondsFromRegistryBackToAllCounted: seconds(Date.now() - back),
      receipts: ledger.receipts, notifications: ledger.notifications, deadLetters: dead.total(),
      lost: ledger.lostReceipts.length + ledger.lostNotifications.length, doubled: ledger.doubledFinalReceipts.length + ledger.doubledNotifications.length, hubAlive: alive,
    });
    if (!alive || ledger.lostReceipts.length > 0) console.log(hub.output().slice(-8000));
    expect(alive).toBe(true);
    expect(dead.total()).toBe(0);
    expect(shortfalls(ledger)).toEqual(NO_SHORTFALLS);
    // The v2 reports could not be decoded while the registry was away.
    expect(processedDuringOutage).toBeLessThan(stream.reportIds.length);
  }, sized(300_000, 1_200_000));
});
