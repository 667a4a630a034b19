// Issue 13, point 7: a case system producing with Python's confluent-kafka (librdkafka), as the
// producer guide says, keys each report with the hub's key service over HTTP, publishes a chapter 2 change and then a chapter 11 event for one person; the
// hub judges them in that order (the § 61 event is in scope only because the contact group came
// first) and the reports land on the partition the hub's own SDK would choose.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import type { Services } from '../../src/app/services.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { PYTHON_KIT, ensurePythonVenv } from '../support/python-venv.ts';
import { connections, readTopic, uniqueName } from '../support/services.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

let ws: WebServiceFixture;
let services: Services;
let hub: RunningHub;
let python: string;
/** The case system's own: the key service's address and its API key. */
let hubUrl: string;
let apiKey: string;

beforeAll(async () => {
  python = ensurePythonVenv('python-kit', PYTHON_KIT);
  ws = await startWebService({ env: { HUB_PARTITIONS: '3' } });
  services = ws.services;
  hub = await startHub(services);
  apiKey = (await ws.access.agreements.add({ id: 'py-sagssystem', navn: 'Python', kommunekoder: ['*'], kapitler: [2, 11], miljoe: 'test' }, 'test')).apiKey;
  hubUrl = await ws.app.listen({ port: 0, host: '127.0.0.1' });
}, 300_000);

afterAll(async () => {
  await hub?.stop();
  await ws?.close();
});

describe('a Python confluent-kafka producer (examples/python/produce_reports.py)', () => {
  it('is judged in the order it sent, on the partition the hub\'s SDK uses for the person', async () => {
    const { kafka, codec, topics } = services;
    const [person, other] = samplePersons(2, ['aak'], 2027);
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish([{ cpr: person!.cpr, akasse: 'aak' }, { cpr: other!.cpr, akasse: 'aak' }]);
    await members.close();
    const now = Date.now();
    const today = copenhagenDate(now);
    const kg = kontaktgruppeStart(person!, uniqueName('py-kg'), today, now);
    const ude = udeblivelse(person!, uniqueName('py-ude'), today, now);
    const input = [kg, ude].map((s) => JSON.stringify(s)).join('\n');

    const child = execFile(python, [path.join(repoRoot(), 'examples/python/produce_reports.py')], {
      env: { ...process.env, KAFKA_BROKERS: connections.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: connections.registryUrl, INBOUND_TOPIC: topics.indberetninger, HUB_URL: hubUrl, HUB_API_KEY: apiKey },
      // Below the test's own timeout, so that a stuck run fails with what the script said on stderr.
      timeout: 45_000,
    });
    child.stdin!.end(input);
    const stdout = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
      child.on('exit', (code, signal) => (code === 0 ? resolve(out) : reject(new Error(`produce_reports.py exited ${code ?? signal}: ${err}`))));
    });
    const sent = stdout.trim().split('\n').map((l) => JSON.parse(l) as { indberetningId: string; partition: number; offset: number });
    expect(sent.map((s) => s.indberetningId)).toEqual([String(kg.report.indberetningId), String(ude.report.indberetningId)]);
    expect(new Set(sent.map((s) => s.partition)).size).toBe(1);
    expect(sent[1]!.offset).toBeGreaterThan(sent[0]!.offset);

    // The hub's SDK puts a report about the same person on the same partition (murmur2 of the key).
    const sdk = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await sdk.publish(kontaktgruppeStart(person!, uniqueName('sdk-kg'), today, now));
    await sdk.close();
    const inbound = await readTopic(kafka, topics.indberetninger, async (v) => v, 3);
    const partitions = new Set((await inboundPartitions(services, topics.indberetninger)).map((p) => p));
    expect(inbound).toHaveLength(3);
    expect(partitions.size).toBe(1);
    expect([...partitions][0]).toBe(sent[0]!.partition);

    // Judged in order: the chapter 11 event saw the contact group the chapter 2 change set (§ 60).
    const receipts = await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 3);
    const byId = new Map(receipts.map((r) => [r.value.indberetningId, r.value]));
    expect(byId.get(kg.report.indberetningId)).toMatchObject({ udfald: 'LEVERET', kapitel: 2 });
    expect(byId.get(ude.report.indberetningId)).toMatchObject({ udfald: 'LEVERET', vurdering: 'on-time', kapitel: 11 });
    const [notification] = await readTopic(kafka, topics.fund('aak'), (v) => codec.decode<Record<string, unknown>>(v), 1);
    expect(notification!.value).toMatchObject({ indberetningId: ude.report.indberetningId, cpr: person!.cpr, haendelsesdato: today });
  }, 180_000);
});

/** The partitions of `topic` that hold messages. */
const inboundPartitions = async (s: Services, topic: string): Promise<number[]> => {
  const admin = s.kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).filter((p) => Number(p.high) > Number(p.low)).map((p) => p.partition);
  } finally {
    await admin.disconnect();
  }
};
