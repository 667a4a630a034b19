// Issue 3, point 7: SIGKILL the real rules consumer several times during a stream; every report
// still ends in exactly one receipt, and a read_committed fund reader sees each notification once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, seededRandom, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { countTopic } from '../support/fault-ledger.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { testLogger, uniqueName } from '../support/services.ts';

const PERSONS = 1500; // two reports each: 3,000 reports
const KILLS = 3;

let services: Services;
let hub: HubProcess | undefined;
const env = { HUB_TOPIC_PREFIX: uniqueName('crash'), HUB_PARTITIONS: '3', HUB_SESSION_TIMEOUT_MS: '6000', HUB_REQUIRE_AGREEMENT: 'false' };

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
});

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
});

describe('crash recovery of the rules consumer', () => {
  it(`loses and doubles nothing when SIGKILLed ${KILLS} times during ${PERSONS * 2} reports`, async () => {
    const { kafka, codec, topics, settings } = services;
    const persons = samplePersons(PERSONS, ['aak', '3f', 'hk'], 2024);
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish(persons.map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
    await members.close();

    const now = Date.now();
    const today = copenhagenDate(now);
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 100 });
    const random = seededRandom(7);

    hub = spawnHub(env);
    await hub.ready;
    // Publish in slices while the hub is killed at random moments and started again.
    const slices = 10;
    const perSlice = PERSONS / slices;
    const killAt = new Set<number>();
    while (killAt.size < KILLS) killAt.add(1 + Math.floor(random() * (slices - 1)));
    let kills = 0;
    for (let s = 0; s < slices; s++) {
      const slice = persons.slice(s * perSlice, (s + 1) * perSlice);
      const results = await publisher.publishMany(slice.flatMap((p, i) => [
        kontaktgruppeStart(p, `kg-${s}-${i}`, today, now),
        udeblivelse(p, `ude-${s}-${i}`, today, now),
      ]));
      expect(results.every((r) => r.ok)).toBe(true);
      if (killAt.has(s)) {
        await new Promise((r) => setTimeout(r, 200 + Math.floor(random() * 1500)));
        hub.child.kill('SIGKILL');
        expect(await hub.exited).toBe('SIGKILL');
        kills++;
        hub = spawnHub(env);
        await hub.ready;
      }
    }
    await publisher.close();
    expect(kills).toBe(KILLS);

    const idOf = (v: Record<string, unknown>) => String(v.indberetningId);
    const receipts = await countTopic(kafka, codec, topics.kvitteringer, idOf);
    const notifications = await Promise.all(['aak', '3f', 'hk'].map((f) => countTopic(kafka, codec, topics.fund(f), idOf)));
    await receipts.settle(() => receipts.counts.size >= PERSONS * 2, 240_000);
    for (const n of notifications) await n.settle(() => n.counts.size >= PERSONS / 3, 60_000);

    // Every report: exactly one receipt.
    expect(receipts.counts.size).toBe(PERSONS * 2);
    expect([...receipts.counts.values()].filter((c) => c !== 1)).toEqual([]);
    // Every chapter 11 report: exactly one notification, on its person's fund only.
    const delivered = new Map<string, number>();
    notifications.forEach((n) => n.counts.forEach((c, id) => delivered.set(id, (delivered.get(id) ?? 0) + c)));
    expect(delivered.size).toBe(PERSONS);
    expect([...delivered.values()].filter((c) => c !== 1)).toEqual([]);
    const aakIds = new Set(notifications[0]!.counts.keys());
    persons.forEach((p, idx) => {
      const id = `ude-${Math.floor(idx / perSlice)}-${idx % perSlice}`;
      expect(aakIds.has(id)).toBe(p.akasse === 'aak');
    });
  }, 600_000);
});
