// A store's checkpoint names where its own changelog ends, also after a batch whose records went out
// in parts (a batch's outputs over 512 KiB are sent in several requests of one transaction). It used
// to be the last part's base offset plus all the batch's records: ahead of the log, so a restart wiped
// the store, or, once the log had grown past it, skipped the changes in between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { topicOffsets } from '../../src/kafka/client.ts';
import { eventually, testLogger, uniqueName } from '../support/services.ts';

let services: Services;
let hub: RunningHub | undefined;

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('ckpt'), HUB_PARTITIONS: '1' }), testLogger);
});

afterAll(async () => {
  await hub?.stop();
  await services?.close();
});

describe('changelog checkpoints', () => {
  it('end where the changelog ends after batches sent in parts', async () => {
    const { kafka, codec, topics } = services;
    const persons = samplePersons(200, ['aak'], 77);
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish(persons.map((p) => ({ cpr: p.cpr, akasse: 'aak' })));
    await members.close();
    // Written before the hub starts: its first batches are as large as a fetch allows.
    const now = Date.now();
    const today = copenhagenDate(now);
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 2000 });
    const reports = [
      ...persons.map((p, i) => kontaktgruppeStart(p, `kg-${i}`, today, now)),
      ...Array.from({ length: 3000 }, (_, i) => udeblivelse(persons[i % persons.length]!, `ude-${i}`, today, now)),
    ];
    expect((await publisher.publishMany(reports)).every((r) => r.ok)).toBe(true);
    await publisher.close();

    hub = await startHub(services);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const end = async (topic: string) => BigInt((await topicOffsets(admin, topic)).find((p) => p.partition === 0)!.high);
      const store = () => hub!.restorer!.stores()[0];
      // Every report delivered once: 3,200 delivered markers; the last transaction's commit marker follows them.
      const settled = await eventually(async () => {
        const s = store();
        const last = (await end(topics.leveringer)) - 1n;
        return s !== undefined && s.checkpoint()[topics.leveringer] === last && last >= 3200n;
      }, 40_000, 250);
      const checkpoint = store()?.checkpoint() ?? {};
      expect({ settled, leveringer: checkpoint[topics.leveringer], end: await end(topics.leveringer) }).toMatchObject({ settled: true });
      expect(checkpoint[topics.personstatus]).toBe((await end(topics.personstatus)) - 1n);
    } finally {
      await admin.disconnect();
    }
  });
});
