// The reconciliation consumer on the real broker and registry: registrations (the warehouse topic)
// and payments in, discrepancies opened and closed on the discrepancy topic, never a CPR in a key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import type { PartitionProcessor } from '../../src/kafka/partition-processor.ts';
import { startStateRestorer, type StateRestorer } from '../../src/kafka/state-restorer.ts';
import { createYdelsePublisher } from '../../src/producers/ydelse-publisher.ts';
import { kontaktgruppeStart, samplePersons } from '../../src/producers/samples.ts';
import { afstemningChangelogReader, startReconciliationConsumer } from '../../src/reconciliation/index.ts';
import { DEFAULT_AFSTEMNINGSREGLER } from '../../src/rules/afstemning/index.ts';
import { eventually, followTopic, readTopic, testLogger, uniqueName } from '../support/services.ts';

let services: Services;
let restorer: StateRestorer;
let consumer: PartitionProcessor;
const stateDirs: string[] = [];

/** A reconciliation consumer with a state restorer of its own, on an empty state folder (restored from the changelog). */
const start = async () => {
  const { kafka, codec, topics, settings } = services;
  const prefix = settings.topicPrefix;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afstemning-'));
  stateDirs.push(stateDir);
  restorer = await startStateRestorer({ kafka, logger: testLogger, stateDir, groupId: `${prefix}.afstemning.tilstand.${randomUUID()}`, changelogs: [topics.afstemning], ownChangelogs: [topics.afstemning], read: afstemningChangelogReader(codec) });
  consumer = await startReconciliationConsumer({ kafka, codec, topics, restorer, logger: testLogger, regler: DEFAULT_AFSTEMNINGSREGLER, groupId: `${prefix}.afstemning`, transactionalIdPrefix: `${prefix}.afstemning.tx`, sessionTimeoutMs: 6000 });
};
const stop = async () => {
  await consumer?.stop();
  await restorer?.stop();
};

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('afst'), HUB_PARTITIONS: '2' }), testLogger);
  await start();
});

afterAll(async () => {
  await stop();
  await services?.close();
  for (const dir of stateDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('reconciliation as records arrive', () => {
  it('a payment that disagrees with the registered kontaktgruppe opens a § 9 discrepancy; a correction closes it, after a restart on empty state', async () => {
    const { kafka, codec, topics, settings } = services;
    const [p] = samplePersons(1, ['aak'], 151);
    const [key] = await services.personKeys.keysFor([p!.cpr]) as [string];
    const now = Date.now();
    const producer = kafka.producer();
    await producer.connect();
    const warehouse = async (kapitel: number, report: Record<string, unknown>) => producer.send({ topic: topics.datavarehus, messages: [{ key, value: await codec.encode(topics.datavarehus, {
      vurdering: 'on-time', paragraf: '§ 7 stk. 1', fristdato: null, modtagetTidspunkt: new Date(now).toISOString(), indberetning: { kapitel, data: codec.wrapReport(kapitel, report) },
    }) }] });
    const group2 = kontaktgruppeStart(p!, 'kg-2', '2026-03-01', now, 2);
    await warehouse(2, group2.report);
    const payments = await createYdelsePublisher({ kafka, codec, topics, personKeys: services.personKeys });
    const paid = await payments.publishMany([{ art: 'udbetaling', record: {
      udbetalingId: 'u-mar', kildesystem: 'ydelsessystem', kommunekode: '101', cpr: p!.cpr, ydelse: 'DAGPENGE', fradato: '2026-03-01', tildato: '2026-03-31',
      beloebOere: 1_500_000, udbetalingsdato: '2026-04-05', bevillingId: null, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, registreretTidspunkt: new Date(now).toISOString(),
    } }]);
    expect(paid).toEqual([{ ok: true, id: 'u-mar' }]);
    await payments.close();

    const { seen, close: closeReader } = await followTopic(kafka, topics.afvigelser, (v) => codec.decode<Record<string, unknown>>(v));
    expect(await eventually(() => seen.length >= 1, 30_000)).toBe(true);
    expect(seen[0]!.value).toMatchObject({ status: 'AABEN', regel: 'kontaktgruppe-ydelse', paragraf: '§ 9', kapitel: 2, personnoegle: key, kommunekode: '101', fradato: '2026-03-01', tildato: '2026-03-31', kilde: 'udbetaling:u-mar', lukketTidspunkt: null });

    // Another instance takes over with an empty state folder: the person's ledger, with the open
    // discrepancy, comes back from the changelog, so the correction can close it.
    await stop();
    await start();

    // The case worker corrects the registration: the person was in kontaktgruppe 1 all along.
    const corrected = kontaktgruppeStart(p!, 'kg-1', '2026-03-01', now, 1);
    await warehouse(2, { ...corrected.report, rettelseAf: 'kg-2' });
    expect(await eventually(() => seen.length >= 2, 30_000)).toBe(true);
    expect(seen[1]!.value).toMatchObject({ status: 'LUKKET', afvigelseId: seen[0]!.value.afvigelseId });
    expect(seen[1]!.value.lukketTidspunkt).not.toBeNull();
    await closeReader();
    await producer.disconnect();

    // Keys and values carry the person key, never the CPR number.
    for (const s of seen) {
      expect(s.key).toBe(s.value.afvigelseId);
      expect(s.key).toContain(key);
      expect(JSON.stringify(s)).not.toContain(p!.cpr);
    }
    // Each payment has a receipt; one that went around the SDK with a kommunekode no municipality has is refused.
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({ topic: topics.udbetalinger, messages: [{ key, value: await codec.encode(topics.udbetalinger, {
      udbetalingId: 'u-bad', kildesystem: 'ydelsessystem', kommunekode: '999', cpr: p!.cpr, ydelse: 'DAGPENGE', fradato: '2026-04-01', tildato: '2026-04-30',
      beloebOere: 1, udbetalingsdato: '2026-05-05', bevillingId: null, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, registreretTidspunkt: new Date(now).toISOString(),
    }) }] });
    await raw.disconnect();
    const receipts = await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 2);
    const byId = new Map(receipts.map((r) => [r.key, r.value]));
    expect(byId.get('u-mar')).toMatchObject({ udfald: 'LEVERET', kapitel: 0, haendelsestype: 'UDBETALING', kommunekode: '101', modtagere: [topics.afvigelser] });
    expect(byId.get('u-bad')).toMatchObject({ udfald: 'AFVIST', aarsager: [expect.objectContaining({ kode: 'kommunekode-unknown' })] });
    expect(JSON.stringify(receipts)).not.toContain(p!.cpr);

    // The person's ledger is in the partition's store (its changelog committed with the discrepancy).
    const ledgers = restorer.stores().map((s) => s.afstemning(key)).filter(Boolean);
    expect(JSON.stringify(ledgers)).toContain('udbetaling:u-mar');
    expect(JSON.stringify(ledgers)).not.toContain('u-bad');
    expect(JSON.stringify(ledgers)).not.toContain(p!.cpr);
  }, 60_000);
});
