// Drives the product as a user does: `hub publish --file` and `hub check`, then `hub tail` prints
// the decoded notification on the right fund's topic, and on no other.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const env = { ...process.env, HUB_TOPIC_PREFIX: uniqueName('cli'), HUB_PARTITIONS: '2', HUB_LOG_LEVEL: 'error' };
const hubCli = (...args: string[]) => run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), ...args], { env, timeout: 120_000 });

let services: Services;
let hub: RunningHub;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cli-'));

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom(env), testLogger);
  hub = await startHub(services);
});

afterAll(async () => {
  await hub?.stop();
  await services?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hub publish → hub tail', () => {
  it('publishes an NDJSON file with a summary and the notification arrives decoded at the person\'s fund only', async () => {
    const [person] = samplePersons(1, ['krifa'], 11);
    const members = await createMembershipPublisher({ kafka: services.kafka, codec: services.codec, topics: services.topics, personKeys: services.personKeys });
    await members.publish([{ cpr: person!.cpr, akasse: 'krifa' }]);
    await members.close();

    const now = Date.now();
    const today = copenhagenDate(now);
    const lines = [
      kontaktgruppeStart(person!, 'e2e-kg', today, now),
      udeblivelse(person!, 'e2e-ude', today, now),
    ].map((s) => JSON.stringify({ kapitel: s.kapitel, ...s.report }));
    lines.push('{"kapitel": 11, "indberetningId": "e2e-bad", "cpr": "12"}', 'not json at all');
    const file = path.join(dir, 'reports.ndjson');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);

    const published = await hubCli('publish', '--file', file, '--no-progress').catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect(published.stdout).toMatch(/published 2 of 4 reports .* refused 1, unreadable 1/);
    expect(published.stderr).toContain('e2e-bad');
    expect(published.stderr).not.toContain(person!.cpr);

    const tail = await hubCli('tail', '--fund', 'krifa', '--from-beginning', '--max', '1', '--show-cpr');
    const notification = JSON.parse(tail.stdout.trim().split('\n')[0]!) as { value: Record<string, unknown> };
    expect(notification.value).toMatchObject({ indberetningId: 'e2e-ude', akasse: 'krifa', cpr: person!.cpr, haendelsestype: 'udeblivelse-samtale', rettidighed: 'RETTIDIG' });

    // Redacted by default.
    const redacted = await hubCli('tail', '--fund', 'krifa', '--from-beginning', '--max', '1');
    expect(redacted.stdout).not.toContain(person!.cpr);
    expect(redacted.stdout).toContain('[CPR]');

    // No other fund got it.
    const offsets = await (async () => {
      const admin = services.kafka.admin();
      await admin.connect();
      try {
        return await admin.fetchTopicOffsets(services.topics.fund('aak'));
      } finally {
        await admin.disconnect();
      }
    })();
    expect(offsets.every((p) => p.high === '0')).toBe(true);
  });

  it('hub tail prints a record no schema reads as an error line and goes on', async () => {
    // Written by another program, not the hub: not a framed Avro record.
    const producer = services.kafka.producer();
    await producer.connect();
    await producer.send({ topic: services.topics.fund('dfh'), messages: [{ key: 'x', value: 'plain text, no schema id' }] });
    await producer.disconnect();
    const tail = await hubCli('tail', '--fund', 'dfh', '--from-beginning', '--max', '1');
    const line = JSON.parse(tail.stdout.trim()) as { offset: string; error?: { code: string; message: string }; value?: unknown };
    expect(line).toMatchObject({ offset: '0', error: { code: 'DECODE_FAILED' } });
    expect(line.value).toBeUndefined();
  });

  it('hub check judges the same file offline, one NDJSON verdict a line', async () => {
    const [person] = samplePersons(1, ['aak'], 12);
    const report = udeblivelse(person!, 'chk-1', '2026-03-27', Date.parse('2026-03-27T10:00:00Z')).report;
    const file = path.join(dir, 'check.ndjson');
    fs.writeFileSync(file, [
      JSON.stringify({ kapitel: 11, ...report, person: { kontaktgruppe: 1 }, modtaget: '2026-03-28T23:30:00Z' }), // Sunday 29 March 00:30 in Copenhagen (UTC+1 until 01:00 UTC): late
      JSON.stringify({ kapitel: 11, ...report, indberetningId: 'chk-2', person: { kontaktgruppe: 1 }, modtaget: '2026-03-28T22:30:00Z' }), // Saturday 23:30 in Copenhagen, though already the 28th in UTC too: on time
    ].join('\n'));
    const { stdout } = await hubCli('check', '--file', file);
    const verdicts = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(verdicts.map((v) => [v.indberetningId, v.verdict, v.paragraph, v.dueDate])).toEqual([
      ['chk-1', 'late', '§ 61', '2026-03-28'],
      ['chk-2', 'on-time', '§ 61', '2026-03-28'],
    ]);
  });
});
