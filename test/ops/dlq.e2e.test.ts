// Dead letters and replay, on the real services, through the `hub dlq` command.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { listDeadLetters } from '../../src/ops/index.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { eventually, personKeyOf, readTopic, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);

let services: Services;
let hub: RunningHub;
let env: NodeJS.ProcessEnv;

const hubCli = async (...args: string[]) => run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), ...args], { env, cwd: repoRoot(), timeout: 60_000 });

beforeAll(async () => {
  // Routing gives up at once: a report for a person with no known fund is dead-lettered (UNKNOWN_FUND).
  env = { ...process.env, HUB_TOPIC_PREFIX: uniqueName('dlq'), HUB_PARTITIONS: '1', HUB_UNROUTABLE_ALARM_MS: '0', HUB_LOG_LEVEL: 'error' };
  services = await connectServices(hubSettingsFrom(env), testLogger);
  hub = await startHub(services);
});

afterAll(async () => {
  await hub?.stop();
  await services?.close();
});

describe('hub dlq', () => {
  it('replays dead letters: a report delivered meanwhile gets DUBLET and no second notification; undecodable bytes fail again', async () => {
    const { kafka, codec, topics, settings } = services;
    const [person] = samplePersons(1, ['aak'], 7);
    const p = person!;
    const id = uniqueName('ude');
    const now = Date.now();
    const today = copenhagenDate(now);
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await publisher.publishMany([kontaktgruppeStart(p, uniqueName('kg'), today, now), udeblivelse(p, id, today, now)]);
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({ topic: topics.indberetninger, messages: [{ key: 'garbage', value: Buffer.from('not avro at all') }] });
    await raw.disconnect();

    let dead = await listDeadLetters(services);
    expect(await eventually(async () => (dead = await listDeadLetters(services)).length >= 2, 30_000, 500)).toBe(true);
    expect(dead.map((d) => [d.kode, d.indberetningId]).sort()).toEqual([['DECODE_FAILED', null], ['UNKNOWN_FUND', id]]);

    // The fix: the person's fund becomes known, and the case system sends the report again.
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish([{ cpr: p.cpr, akasse: 'aak' }]);
    await members.close();
    const key = await personKeyOf(services, p.cpr);
    expect(await eventually(() => hub.person(key).akasse === 'aak', 20_000)).toBe(true);
    await publisher.publish(udeblivelse(p, id, today, now));
    await publisher.close();
    const delivered = await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 3);
    expect(delivered.filter((r) => r.value.indberetningId === id).map((r) => r.value.udfald)).toEqual(['DOEDT_BREV', 'LEVERET']);

    // What the operator sees, then the replay (undecodable ones are left out unless asked for).
    const listed = await hubCli('dlq', 'list');
    expect(listed.stdout).toMatch(/UNKNOWN_FUND/);
    expect(listed.stdout).toMatch(/DECODE_FAILED/);
    const plain = await hubCli('dlq', 'replay', '--all', '--dry-run');
    expect(plain.stderr).toMatch(/undecodable bytes would fail again/);
    const replay = await hubCli('dlq', 'replay', '--all', '--include-undecodable');
    expect(replay.stdout).toMatch(/2 replayed/);

    const receipts = await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 4);
    expect(receipts.filter((r) => r.value.indberetningId === id).map((r) => r.value.udfald)).toEqual(['DOEDT_BREV', 'LEVERET', 'DUBLET']);
    const notifications = await readTopic(kafka, topics.fund('aak'), (v) => codec.decode<Record<string, unknown>>(v), 1);
    expect(notifications.filter((n) => n.value.indberetningId === id)).toHaveLength(1);

    // The undecodable bytes were dead-lettered again; the originals are marked replayed.
    expect(await eventually(async () => (dead = await listDeadLetters(services)).length >= 3, 30_000, 500)).toBe(true);
    expect(dead.filter((d) => d.kode === 'DECODE_FAILED')).toHaveLength(2);
    const shown = JSON.parse((await hubCli('dlq', 'list', '--json')).stdout) as Array<{ id: string; kode: string; replayed: { at: string; to: string } | null }>;
    expect(shown.filter((d) => d.replayed).map((d) => d.kode).sort()).toEqual(['DECODE_FAILED', 'UNKNOWN_FUND']);
    expect(shown.find((d) => d.kode === 'UNKNOWN_FUND')!.replayed!.to).toContain(topics.indberetninger);
    const again = await hubCli('dlq', 'replay', '--code', 'UNKNOWN_FUND');
    expect(again.stdout).toMatch(/nothing to replay/);
    expect(again.stderr).toMatch(/already replayed/);
    const detail = JSON.parse((await hubCli('dlq', 'show', id)).stdout) as { kode: string; report: { report?: { cpr: string } } };
    expect(detail.kode).toBe('UNKNOWN_FUND');
    expect(JSON.stringify(detail)).not.toContain(p.cpr);
  });
});
