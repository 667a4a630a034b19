// Drives `hub members import` as a fund's operator would: a CSV and an NDJSON membership list with a
// leaver and bad lines, then reads the membership topic back (read_committed) keyed by person key.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { samplePersons } from '../../src/producers/samples.ts';
import { eventually, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const env = { ...process.env, HUB_TOPIC_PREFIX: uniqueName('members'), HUB_PARTITIONS: '2', HUB_LOG_LEVEL: 'error' };
type CliResult = { stdout: string; stderr: string; code?: number };
const hubCli = (...args: string[]): Promise<CliResult> =>
  run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), ...args], { env, timeout: 120_000 }).then((r) => ({ ...r, code: 0 }), (e: CliResult) => e);

let services: Services;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-members-'));

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom(env), testLogger);
});

afterAll(async () => {
  await services?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything on the membership topic, in order per key: the decoded value, or null for a tombstone. */
const readMemberships = async (expected: number): Promise<Array<{ key: string; value: Record<string, unknown> | null }>> => {
  const consumer = services.kafka.consumer({ groupId: uniqueName('g-members'), readUncommitted: false });
  const seen: Array<{ key: string; value: Record<string, unknown> | null }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic: services.topics.medlemskab, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({ key: message.key!.toString(), value: message.value ? await services.codec.decode<Record<string, unknown>>(message.value) : null });
    },
  });
  await eventually(() => seen.length >= expected, 30_000);
  await new Promise((r) => setTimeout(r, 500));
  await consumer.disconnect();
  return seen;
};

describe('hub members import', () => {
  it('imports a CSV and an NDJSON list, leavers as tombstones, reports bad lines by number without CPR, exits 2', async () => {
    const [a, b, c, d] = samplePersons(4, ['aak'], 77);
    const keys = new Map((await services.personKeys.keysFor([a!.cpr, b!.cpr, c!.cpr, d!.cpr])).map((k, i) => [[a, b, c, d][i]!.cpr, k]));
    const key = (cpr: string) => keys.get(cpr)!;
    const csv = path.join(dir, 'members.csv');
    fs.writeFileSync(csv, [
      'cpr;akasse;fleksjob',
      `${a!.cpr};aak;nej`,
      `${b!.cpr};hk;ja`,
      `${c!.cpr};nosuchfund;nej`, // line 4: refused
      `${d!.cpr.slice(0, 6)}-${d!.cpr.slice(6)};3f;nej`, // line 5: refused, a dash
      '',
    ].join('\r\n'));
    const fromCsv = await hubCli('members', 'import', '--file', csv, '--no-progress');
    expect(fromCsv.code).toBe(2);
    expect(fromCsv.stdout).toMatch(/imported 2 of 4 lines to .*\.medlemskab in [\d.]+ s: 2 memberships, 0 leavers \(tombstones\); refused 2/);
    expect(fromCsv.stderr).toContain('line 4 refused: akasse "nosuchfund" is not a configured fund');
    expect(fromCsv.stderr).toContain('line 5 refused: cpr must be exactly ten digits');
    for (const p of [a, b, c, d]) expect(fromCsv.stderr + fromCsv.stdout).not.toContain(p!.cpr.slice(0, 6));

    const ndjson = path.join(dir, 'members.ndjson');
    fs.writeFileSync(ndjson, `${[
      JSON.stringify({ cpr: c!.cpr, akasse: '3f' }),
      JSON.stringify({ cpr: a!.cpr, akasse: null }), // a leaves
    ].join('\n')}\n`);
    const fromNdjson = await hubCli('members', 'import', '--file', ndjson, '--no-progress');
    expect(fromNdjson.code).toBe(0);
    expect(fromNdjson.stdout).toMatch(/imported 2 of 2 lines .*: 1 memberships, 1 leavers \(tombstones\); refused 0/);

    const records = await readMemberships(4);
    expect(records.length).toBe(4);
    const last = new Map(records.map((r) => [r.key, r.value]));
    expect(last.get(key(a!.cpr))).toBeNull();
    expect(last.get(key(b!.cpr))).toMatchObject({ cpr: b!.cpr, akasse: 'hk', fleksjob: true });
    expect(last.get(key(c!.cpr))).toMatchObject({ cpr: c!.cpr, akasse: '3f', fleksjob: false });
    expect(last.has(key(d!.cpr))).toBe(false);
  });

  it('exits 1 when the file cannot be read', async () => {
    const missing = await hubCli('members', 'import', '--file', path.join(dir, 'absent.csv'), '--no-progress');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^hub: cannot read the membership list .*absent\.csv.* \[INPUT_UNREADABLE\]/m);
  });
});
