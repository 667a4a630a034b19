// Drives `hub keys migrate` as an operator would, on data keyed the old way (the keyed hash of the CPR
// with the shared secret): memberships, a contact group and a delivery move to the key service's
// keys, a second run writes nothing, and the hub then judges with the moved state — a report sent
// again is a DUBLET, and a report still sent under an old key is forwarded to its person's partition.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { partitionOfKey } from '../../src/kafka/partitioner.ts';
import { legacyPersonKeyOf } from '../../src/person-keys/index.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { withNullDefaults } from '../../src/producers/validate.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { reportIdOf } from '../../src/state/changes.ts';
import { personKeyOf, readTopic, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const LEGACY = 'the-old-shared-secret';
const env = { ...process.env, HUB_TOPIC_PREFIX: uniqueName('rekey'), HUB_PARTITIONS: '3', HUB_LOG_LEVEL: 'error', HUB_LEGACY_PERSON_KEY_SECRET: LEGACY };
type CliResult = { stdout: string; stderr: string; code?: number };
const hubCli = (...args: string[]): Promise<CliResult> =>
  run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), ...args], { env, timeout: 120_000 }).then((r) => ({ ...r, code: 0 }), (e: CliResult) => e);

let services: Services;
let hub: RunningHub | undefined;
const persons = samplePersons(4, ['aak'], 1313);
const [p0, p1, p2] = persons as [typeof persons[0], typeof persons[0], typeof persons[0]];
const old = (cpr: string) => legacyPersonKeyOf(LEGACY, cpr);
const now = Date.now();
const today = copenhagenDate(now);
const iso = new Date(now).toISOString();

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom(env), testLogger);
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  await services?.close();
});

describe('hub keys migrate', () => {
  it('moves what the old keys hold to the new keys, once, and the hub judges with it', async () => {
    const { kafka, codec, topics } = services;
    const delivered = withNullDefaults(11, udeblivelse(p1, uniqueName('ude-p1'), today, now).report);
    const producer = kafka.producer();
    await producer.connect();
    await producer.sendBatch({ acks: -1, topicMessages: [
      { topic: topics.medlemskab, messages: await Promise.all(persons.map(async (p) => ({ key: old(p.cpr), value: await codec.encode(topics.medlemskab, { cpr: p.cpr, akasse: 'aak', fleksjob: false, opdateret: iso }) }))) },
      { topic: topics.personstatus, messages: [
        { key: old(p0.cpr), partition: partitionOfKey(old(p0.cpr), 3), value: await codec.encode(topics.personstatus, { kontaktgruppe: 1, indberetningId: 'kg-p0', opdateret: iso }) },
        // A contact group of a person the hub has no CPR number for: left as it is, and said so.
        { key: old('0101010000'), partition: 0, value: await codec.encode(topics.personstatus, { kontaktgruppe: 2, indberetningId: 'kg-x', opdateret: iso }) },
      ] },
      { topic: topics.indberetninger, messages: [{ key: old(p1.cpr), value: await codec.encodeInbound(11, delivered) }] },
      { topic: topics.leveringer, messages: [{ key: `d:${reportIdOf(String(delivered.kildesystem), String(delivered.indberetningId))}`, partition: partitionOfKey(old(p1.cpr), 3), value: await codec.encode(topics.leveringer, { art: 'LEVERET', tidspunkt: iso, tilbudAfsluttet: false, tilbudSlutdato: null, opslagsId: null }) }] },
    ] });
    await producer.disconnect();

    const first = await hubCli('keys', 'migrate');
    expect(first.code, first.stderr).toBe(2);
    expect(first.stderr).toContain('1 records under old keys belong to no CPR number');
    const summary = JSON.parse(first.stdout) as { counts: Record<string, { moved: number; done: number; unresolved: number }>; persons: number; written: number };
    expect(summary.persons).toBe(4);
    expect(summary.counts.medlemskab).toEqual({ moved: 4, done: 0, unresolved: 0 });
    expect(summary.counts.personstatus).toEqual({ moved: 1, done: 0, unresolved: 1 });
    expect(summary.counts.leveringer!.moved + summary.counts.leveringer!.done).toBe(1);
    expect(`${first.stdout}${first.stderr}`).not.toMatch(/\d{10}/);

    const again = await hubCli('keys', 'migrate');
    expect(JSON.parse(again.stdout)).toMatchObject({ written: 0, counts: { medlemskab: { moved: 0, done: 8 }, personstatus: { moved: 0, done: 2, unresolved: 1 } } });

    const memberships = await readTopic(kafka, topics.medlemskab, async (v) => (v ? codec.decode<{ cpr: string }>(v) : null), 8);
    const newKey = await personKeyOf(services, p0.cpr);
    expect(memberships.find((m) => m.key === newKey)?.value).toMatchObject({ cpr: p0.cpr, akasse: 'aak' });

    // The hub on the moved state: p0's contact group and fund count, p1's report is a DUBLET.
    hub = await startHub(services);
    const sdk = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    const fresh = udeblivelse(p0, uniqueName('ude-p0'), today, now);
    await sdk.publish(fresh);
    await sdk.publish({ kapitel: 11, report: delivered });
    await sdk.close();
    // p2 reported under its old key (a case system not yet switched, a held report): forwarded, then judged.
    const stale = withNullDefaults(2, kontaktgruppeStart(p2, uniqueName('kg-p2'), today, now).report);
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({ topic: topics.indberetninger, acks: -1, messages: [{ key: old(p2.cpr), value: await codec.encodeInbound(2, stale), headers: { [HEADERS.kildesystem]: String(stale.kildesystem) } }] });
    await raw.disconnect();

    const receipts = await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 3);
    const byId = new Map(receipts.map((r) => [r.value.indberetningId, r.value]));
    expect(byId.get(fresh.report.indberetningId)).toMatchObject({ udfald: 'LEVERET' });
    expect(byId.get(delivered.indberetningId)).toMatchObject({ udfald: 'DUBLET' });
    expect(byId.get(stale.indberetningId)).toMatchObject({ udfald: 'LEVERET', kapitel: 2 });
    expect(hub.person(await personKeyOf(services, p2.cpr))).toMatchObject({ akasse: 'aak', kontaktgruppe: 1 });

    // Not while a hub runs.
    const running = await hubCli('keys', 'migrate');
    expect(running.code).toBe(1);
    expect(running.stderr).toContain('HUB_RUNNING');
  }, 120_000);
});
