// On the real broker, registry and Redis: a payment whose kontaktgruppe is never registered gets its
// discrepancy when the registration tolerance runs out, with no further record for the person; one
// whose registration arrives in time gets none. The BullMQ side runs ahead of the wall clock, so the
// re-check due at 00:00 Copenhagen time tomorrow falls due seconds after the payments are sent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { groupNames } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { copenhagenMidnight } from '../../src/consumers/plan.ts';
import { startReleaseWorker } from '../../src/delivery/release-worker.ts';
import { jobIdOf, queueNames } from '../../src/delivery/queues.ts';
import { startScheduler } from '../../src/delivery/scheduler.ts';
import { startStateRestorer } from '../../src/kafka/state-restorer.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { createYdelsePublisher } from '../../src/producers/ydelse-publisher.ts';
import { kontaktgruppeStart, samplePersons } from '../../src/producers/samples.ts';
import { afstemningChangelogReader, kontrolIdOf, startReconciliationConsumer } from '../../src/reconciliation/index.ts';
import { DEFAULT_AFSTEMNINGSREGLER } from '../../src/rules/afstemning/index.ts';
import { addDays, copenhagenDate } from '../../src/rules/calendar/index.ts';
import { eventually, followTopic, readTopic, testLogger, uniqueName } from '../support/services.ts';

const stops: Array<() => Promise<unknown>> = [];
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afstemning-kontrol-'));

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('a discrepancy only time reveals', () => {
  it('is opened when the registration tolerance runs out; a registration arriving in time prevents it', async () => {
    const services: Services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('afkt'), HUB_PARTITIONS: '2' }), testLogger);
    stops.push(() => services.close());
    const { kafka, codec, topics, redis, settings } = services;
    const prefix = settings.topicPrefix;
    const now = Date.now();
    const today = copenhagenDate(now);
    const tomorrow = addDays(today, 1);
    // A day's registration tolerance: a benefit paid for today is counted from tomorrow 00:00, which the scheduler sees 8 s from now.
    const due = copenhagenMidnight(tomorrow);
    const ahead = due - now - 8_000;
    const clock = () => Date.now() + ahead;

    const restorer = await startStateRestorer({ kafka, logger: testLogger, stateDir, groupId: `${prefix}.afstemning.tilstand.${randomUUID()}`, changelogs: [topics.afstemning], ownChangelogs: [topics.afstemning], read: afstemningChangelogReader(codec) });
    stops.push(() => restorer.stop());
    const consumer = await startReconciliationConsumer({ kafka, codec, topics, restorer, logger: testLogger, regler: { ...DEFAULT_AFSTEMNINGSREGLER, registreringDage: 1 }, groupId: `${prefix}.afstemning`, transactionalIdPrefix: `${prefix}.afstemning.tx`, sessionTimeoutMs: 6000 });
    stops.push(() => consumer.stop());
    const queues = queueNames(prefix);
    const scheduler = await startScheduler({ kafka, codec, topics, redis, queues, groupId: groupNames(prefix).scheduler, logger: testLogger, clock });
    stops.push(() => scheduler.stop());
    const releases = await startReleaseWorker({ kafka, codec, topics, redis, queues, logger: testLogger, metrics: createMetrics(), clock });
    stops.push(() => releases.stop());

    const [unregistered, registered] = samplePersons(2, ['aak'], 161);
    const [keyA, keyB] = await services.personKeys.keysFor([unregistered!.cpr, registered!.cpr]) as [string, string];
    const payment = (id: string, cpr: string) => ({ art: 'udbetaling' as const, record: {
      udbetalingId: id, kildesystem: 'ydelsessystem', kommunekode: '101', cpr, ydelse: 'DAGPENGE', fradato: today, tildato: today,
      beloebOere: 50_000, udbetalingsdato: today, bevillingId: null, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, registreretTidspunkt: new Date(now).toISOString(),
    } });
    const payments = await createYdelsePublisher({ kafka, codec, topics, personKeys: services.personKeys });
    expect(await payments.publishMany([payment('u-a', unregistered!.cpr), payment('u-b', registered!.cpr)])).toEqual([{ ok: true, id: 'u-a' }, { ok: true, id: 'u-b' }]);
    await payments.close();
    // B's kontaktgruppe 1 is registered (an accepted report on the warehouse topic) before the tolerance runs out.
    const producer = kafka.producer();
    await producer.connect();
    const kg = kontaktgruppeStart(registered!, 'kg-b', today, now, 1);
    await producer.send({ topic: topics.datavarehus, messages: [{ key: keyB, value: await codec.encode(topics.datavarehus, {
      vurdering: 'on-time', paragraf: '§ 7 stk. 1', fristdato: null, modtagetTidspunkt: new Date(now).toISOString(), indberetning: { kapitel: 2, data: codec.wrapReport(2, kg.report) },
    }) }] });
    await producer.disconnect();

    // Both payments asked for a re-check at tomorrow's start, one job per person and day.
    const waiting = await readTopic(kafka, topics.ventende, (v) => codec.decode<Record<string, unknown>>(v), 2);
    expect(waiting.map((w) => w.value).sort((a, b) => String(a.noegle).localeCompare(String(b.noegle)))).toEqual([keyA, keyB].sort().map((key) => expect.objectContaining({
      grund: 'KONTROL_AFSTEMNING', indberetningId: kontrolIdOf(key, tomorrow), fristdato: tomorrow, frigivesTidspunkt: due, noegle: key,
    })));
    const jobOf = (key: string) => scheduler.queue.getJob(jobIdOf('KONTROL_AFSTEMNING', kontrolIdOf(key, tomorrow), 0));
    expect(await eventually(async () => (await (await jobOf(keyB))?.getState()) === 'completed', 30_000)).toBe(true);

    // A: no record came after the payment, yet its discrepancy opens at the moment the tolerance ran out.
    const { seen, close: closeReader } = await followTopic(kafka, topics.afvigelser, (v) => codec.decode<Record<string, unknown>>(v));
    expect(await eventually(() => seen.length >= 1, 30_000)).toBe(true);
    expect(seen[0]!.value).toMatchObject({
      status: 'AABEN', regel: 'kontaktgruppe-ydelse', personnoegle: keyA, kilde: 'udbetaling:u-a', fradato: today, tildato: today, aabnetTidspunkt: new Date(due).toISOString(),
    });
    // B: its re-check ran (the job completed) and found nothing to open.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await closeReader();
    expect(seen.map((s) => s.value.personnoegle)).toEqual([keyA]);
    expect(JSON.stringify(seen)).not.toContain(unregistered!.cpr);
  }, 90_000);
});
