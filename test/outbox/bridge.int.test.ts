// The outbox bridge on the real broker and registry, fed as Debezium's event router feeds it (rows
// written straight to the outbox topic): Connect's redeliveries, before and after a bridge restart,
// are skipped by row id; a row the checks refuse gets a receipt with reasons.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preSendCheck } from '../../src/app/rules.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { outboxNames, reportIdOfRow, rowIdOfReport, startOutboxBridge, type OutboxBridge } from '../../src/outbox/index.ts';
import { kontaktgruppeStart, samplePersons } from '../../src/producers/samples.ts';
import { countTopic } from '../support/fault-ledger.ts';
import { eventually, testLogger, uniqueName } from '../support/services.ts';

let services: Services;
let prefix: string;
const bridges: OutboxBridge[] = [];

const startBridge = async () => {
  const bridge = await startOutboxBridge({
    kafka: services.kafka, codec: services.codec, topics: services.topics, personKeys: services.personKeys,
    preSendCheck, logger: testLogger, topicPrefix: prefix,
  });
  bridges.push(bridge);
  return bridge;
};

/** Writes rows to the outbox topic as the event router does: key the case, header `id` the row id, value the payload. */
const deliver = async (rows: Array<{ id: string; payload: unknown }>) => {
  const producer = services.kafka.producer();
  await producer.connect();
  await producer.send({ topic: outboxNames(prefix).topic, messages: rows.map((r) => ({ key: 'sag-1', value: JSON.stringify(r.payload), headers: { id: r.id } })) });
  await producer.disconnect();
};

beforeAll(async () => {
  prefix = uniqueName('obx');
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: prefix, HUB_PARTITIONS: '1' }), testLogger);
});

afterAll(async () => {
  await Promise.all(bridges.map((b) => b.stop()));
  await services?.close();
});

describe('the outbox bridge', () => {
  it('carries each row once however often it is redelivered, across a restart, and refuses with reasons', async () => {
    const now = Date.now();
    const [a, b] = samplePersons(2, ['aak'], 4242);
    const row = (p: typeof a) => ({ id: randomUUID(), payload: { ...kontaktgruppeStart(p!, 'ignored', '2026-12-01', now).report, kapitel: 2 } });
    const first = row(a);
    const second = row(b);
    const broken = { id: randomUUID(), payload: { kapitel: 2, kildesystem: 'demo-sagssystem' } };
    let bridge = await startBridge();
    await deliver([first, first, second, broken]);
    await eventually(() => bridge.counts.carried + bridge.counts.refused === 3, 30_000);
    expect(bridge.counts).toEqual({ carried: 2, refused: 1, redelivered: 1 });
    await bridge.stop();
    // Connect restarted from an older source offset: the same rows again, to a new bridge.
    bridge = await startBridge();
    await deliver([second, first, broken]);
    await eventually(() => bridge.counts.redelivered === 3, 30_000);
    expect(bridge.counts).toEqual({ carried: 0, refused: 0, redelivered: 3 });

    const inbound = await countTopic(services.kafka, services.codec, services.topics.indberetninger, (_v, m) => m.headers[HEADERS.indberetningId], { keep: true });
    const receipts = await countTopic(services.kafka, services.codec, services.topics.kvitteringer, (_v, m) => m.key, { keep: true });
    await inbound.settle(() => inbound.total() >= 2, 20_000, 1500);
    await receipts.settle(() => receipts.total() >= 1, 20_000, 1500);
    await Promise.all([inbound.close(), receipts.close()]);
    expect(Object.fromEntries(inbound.counts)).toEqual({ [first.id]: 1, [second.id]: 1 });
    // The inbound report is the row, under the row's id.
    const report = inbound.values.map((v) => Object.values(v.data as object)[0] as Record<string, unknown>).find((r) => r.indberetningId === first.id);
    expect(report).toMatchObject({ cpr: a!.cpr, haendelsestype: 'KONTAKTGRUPPE_START' });
    expect(Object.fromEntries(receipts.counts)).toEqual({ [broken.id]: 1 });
    expect(receipts.values[0]).toMatchObject({ indberetningId: broken.id, udfald: 'AFVIST' });
    expect((receipts.values[0]!.aarsager as Array<{ felt: string }>).map((r) => r.felt)).toEqual(expect.arrayContaining(['kommunekode', 'cpr']));
  });

  it('carries a row whose id carries a CPR-shaped run under a report id without it', async () => {
    // One random UUID in about 2,300 does ("010505-2116" begins with a birth date); such a row was
    // refused for a CPR number in an identifier before the report id was made from it.
    const [person] = samplePersons(1, ['aak'], 4343);
    const rowId = '3c010505-2116-4d97-b7ab-4c584578b8e2';
    // The bridges of the test before would share the outbox partition with this one.
    await Promise.all(bridges.splice(0).map((b) => b.stop()));
    const bridge = await startBridge();
    await deliver([{ id: rowId, payload: { ...kontaktgruppeStart(person!, 'ignored', '2026-12-01', Date.now()).report, kapitel: 2 } }]);
    await eventually(() => bridge.counts.carried + bridge.counts.refused === 1, 30_000);
    expect(bridge.counts).toMatchObject({ carried: 1, refused: 0 });
    const inbound = await countTopic(services.kafka, services.codec, services.topics.indberetninger, (_v, m) => m.headers[HEADERS.indberetningId]);
    await inbound.settle(() => inbound.counts.has(reportIdOfRow(rowId)), 20_000, 1000);
    expect(inbound.counts.get(reportIdOfRow(rowId))).toBe(1);
    expect(rowIdOfReport(reportIdOfRow(rowId))).toBe(rowId);
  });
});
