// Issue 3, points 5–6, on the real services: a premature offer end is held and released on its end
// date; an offer whose end passes unreported raises a missing-report alarm; a report whose fund is
// not known waits and is routed once membership is known, or is dead-lettered with an alarm.
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, sampleCvr, samplePersons, seededRandom, tilbudStart, udeblivelse } from '../../src/producers/samples.ts';
import { addDays, copenhagenDate } from '../../src/rules/calendar/index.ts';
import { readTopic, testLogger, uniqueName } from '../support/services.ts';

let services: Services | undefined;
let hub: RunningHub | undefined;

afterEach(async () => {
  await hub?.stop();
  await services?.close();
  hub = undefined;
  services = undefined;
});

const DAY = 24 * 3_600_000;
const decode = (s: Services) => (v: Buffer) => s.codec.decode<Record<string, unknown>>(v);

describe('held reports and missing-report alarms', () => {
  it('holds an offer end reported before its end date and releases it on that date; alarms when an offer end is never reported', async () => {
    services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('hold') }), testLogger);
    // The BullMQ side runs three days ahead, so jobs due tomorrow and the day after fall due at once;
    // the rules still judge each report at the moment it counts as reported.
    hub = await startHub(services, { clock: () => Date.now() + 3 * DAY });
    const { kafka, codec, topics, settings } = services;
    const [person] = samplePersons(1, ['aak'], 5);
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish([{ cpr: person!.cpr, akasse: 'aak' }]);
    await members.close();

    const now = Date.now();
    const today = copenhagenDate(now);
    const tomorrow = addDays(today, 1);
    const cvr = sampleCvr(seededRandom(3));
    const started = tilbudStart(person!, 'offer-a-start', today, today, 1, now, cvr);
    const startA = { ...started, report: { ...started.report, tilbud: { ...(started.report.tilbud as object), tilbudId: 'A', slutdato: tomorrow } } };
    const endB = {
      kapitel: 11,
      report: {
        ...started.report, indberetningId: 'offer-b-end', haendelsestype: 'tilbud-slut', haendelsesdato: tomorrow,
        tilbud: { ...(started.report.tilbud as object), tilbudId: 'B', aktuelStatus: 'AFSLUTTET', slutdato: tomorrow },
      },
    };
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    const results = await publisher.publishMany([kontaktgruppeStart(person!, 'hold-kg', today, now), startA, endB]);
    await publisher.close();
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);

    // B: first held, then delivered on its end date, on time.
    const receipts = await readTopic(kafka, topics.kvitteringer, decode(services), 4, 60_000);
    const forB = receipts.filter((r) => r.value.indberetningId === 'offer-b-end').map((r) => r.value);
    expect(forB.map((r) => r.udfald)).toEqual(['TILBAGEHOLDT', 'LEVERET']);
    expect(forB[0]).toMatchObject({ vurdering: 'premature', frigivesDato: tomorrow, paragraf: '§ 62 stk. 1 nr. 2' });
    expect(forB[1]).toMatchObject({ vurdering: 'on-time' });
    const notifications = await readTopic(kafka, topics.fund('aak'), decode(services), 2, 30_000);
    expect(notifications.map((n) => n.value.indberetningId).sort()).toEqual(['offer-a-start', 'offer-b-end']);
    expect(notifications.find((n) => n.value.indberetningId === 'offer-b-end')!.value).toMatchObject({ rettidighed: 'RETTIDIG', haendelsestype: 'tilbud-slut' });

    // A: its end date passed without an end report: a missing-report alarm to the jobcentre.
    const alarms = await readTopic(kafka, topics.alarmer, decode(services), 1, 30_000);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.value).toMatchObject({ type: 'MANGLENDE_INDBERETNING', tilbudId: 'A', fristdato: tomorrow, kommunekode: person!.kommunekode });
    expect(JSON.stringify(alarms[0]!.value)).not.toContain(person!.cpr);
  }, 120_000);
});

describe('reports waiting for the person\'s fund', () => {
  it('routes a waiting report once membership is known, and dead-letters with an alarm one that stays unroutable', async () => {
    services = await connectServices(hubSettingsFrom({
      ...process.env, HUB_TOPIC_PREFIX: uniqueName('wait'), HUB_ROUTE_RETRY_MS: '500', HUB_ROUTE_RETRY_MAX_MS: '1000', HUB_UNROUTABLE_ALARM_MS: '6000',
    }), testLogger);
    hub = await startHub(services);
    const { kafka, codec, topics, settings } = services;
    const [late, never] = samplePersons(2, ['3f', '3f'], 9);
    const now = Date.now();
    const today = copenhagenDate(now);
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await publisher.publishMany([
      kontaktgruppeStart(late!, 'w-kg-1', today, now), kontaktgruppeStart(never!, 'w-kg-2', today, now),
      udeblivelse(late!, 'w-late', today, now), udeblivelse(never!, 'w-never', today, now),
    ]);
    await publisher.close();
    await new Promise((r) => setTimeout(r, 1500));
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish([{ cpr: late!.cpr, akasse: '3f' }]);
    await members.close();

    const notifications = await readTopic(kafka, topics.fund('3f'), decode(services), 1, 30_000);
    expect(notifications.map((n) => n.value.indberetningId)).toEqual(['w-late']);
    // Waiting does not make it late: it is judged at the moment it first arrived.
    expect(notifications[0]!.value).toMatchObject({ rettidighed: 'RETTIDIG' });

    const dead = await readTopic(kafka, topics.doedeBreve, decode(services), 1, 40_000);
    expect(dead.map((d) => [d.value.indberetningId, d.value.kode])).toEqual([['w-never', 'UNKNOWN_FUND']]);
    const alarms = await readTopic(kafka, topics.alarmer, decode(services), 1, 10_000);
    expect(alarms[0]!.value).toMatchObject({ type: 'IKKE_ROUTBAR', indberetningId: 'w-never' });

    const receipts = await readTopic(kafka, topics.kvitteringer, decode(services), 4, 10_000);
    const final = new Map(receipts.map((r) => [r.value.indberetningId, r.value.udfald]));
    expect(final.get('w-late')).toBe('LEVERET');
    expect(final.get('w-never')).toBe('DOEDT_BREV');
    expect(receipts.filter((r) => r.value.indberetningId === 'w-never').every((r) => r.value.udfald === 'AFVENTER_AKASSE' || r.value.udfald === 'DOEDT_BREV')).toBe(true);
  }, 120_000);
});
