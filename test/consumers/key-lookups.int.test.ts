// The rules consumer asks the key service only for a key its partition has not learnt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMetrics, type Metrics } from '../../src/ops/metrics.ts';
import type { PersonKeys } from '../../src/person-keys/index.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { readTopic, testLogger, uniqueName } from '../support/services.ts';

let services: Services;
let hub: RunningHub;
let metrics: Metrics;
/** CPR numbers the hub's own key service was asked for (publishers use the service directly, not this). */
const askedByHub: string[] = [];

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('keylookup'), HUB_PARTITIONS: '2' }), testLogger);
  metrics = createMetrics();
  const counted: PersonKeys = { keysFor: (cprs) => { askedByHub.push(...cprs); return services.personKeys.keysFor(cprs); } };
  hub = await startHub({ ...services, personKeys: counted }, { metrics });
});

afterAll(async () => {
  await hub?.stop();
  await services?.close();
});

const lookups = async () => (await metrics.keyLookups.get()).values[0]?.value ?? 0;

describe('person keys in the rules consumer', () => {
  it('judges a member without asking the key service, asks once for a person it has not met, then remembers', async () => {
    const { kafka, codec, topics } = services;
    const [member, stranger] = samplePersons(2, ['aak', 'aak'], 7070) as [ReturnType<typeof samplePersons>[0], ReturnType<typeof samplePersons>[0]];
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish([{ cpr: member.cpr, akasse: 'aak' }]);
    await members.close();
    const now = Date.now();
    const today = copenhagenDate(now);
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });

    await publisher.publishMany([kontaktgruppeStart(member, 'kg-m', today, now), kontaktgruppeStart(stranger, 'kg-s', today, now)]);
    await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 2);
    // The member's key is known from the membership (its CPR number's lookup id); the stranger's is asked once.
    expect(askedByHub).toEqual([stranger.cpr]);
    expect(await lookups()).toBe(1);

    await publisher.publishMany([udeblivelse(member, 'ude-m', today, now), udeblivelse(stranger, 'ude-s', today, now)]);
    const receipts = await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 4);
    await publisher.close();
    // The answer was written to the partition's changelog: the stranger's second report asks nothing.
    expect(askedByHub).toEqual([stranger.cpr]);
    expect(await lookups()).toBe(1);
    const byId = new Map(receipts.map((r) => [r.value.indberetningId, r.value]));
    expect(byId.get('ude-m')).toMatchObject({ udfald: 'LEVERET' });
    expect(byId.get('kg-s')).toMatchObject({ udfald: 'LEVERET' });
    // The batch's counts reach the counters (summed per label set, once a batch is planned).
    const counted = async (counter: Metrics['outcomes'] | Metrics['reportsIn']) => (await counter.get()).values as Array<{ labels: Record<string, string | number | undefined>; value: number }>;
    const leveret = receipts.filter((r) => r.value.udfald === 'LEVERET').length;
    expect((await counted(metrics.outcomes)).find((v) => v.labels.udfald === 'LEVERET')?.value).toBe(leveret);
    expect((await counted(metrics.reportsIn)).reduce((n, v) => n + v.value, 0)).toBe(4);
    expect((await counted(metrics.reportsIn)).map((v) => [v.labels.kapitel, v.value]).sort()).toEqual([['11', 2], ['2', 2]]);
  });
});
