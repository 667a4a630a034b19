// The `hub` command's conventions, driven as a user does: data on stdout and nothing else, exit codes
// 0/1/2, numeric options checked, a bad line never stops the next, a closed pipe ends quietly, an
// empty input says so, a connection failure ends in time naming the setting, and read-only commands
// create nothing.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { connections, testKafka, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const hubBin = path.join(repoRoot(), 'bin/hub.mjs');
const baseEnv = { ...process.env, HUB_TOPIC_PREFIX: uniqueName('conv'), HUB_LOG_LEVEL: '' };
type Result = { stdout: string; stderr: string; code: number };
const hubCli = async (args: string[], env: Record<string, string | undefined> = {}): Promise<Result> => {
  try {
    const { stdout, stderr } = await run(process.execPath, [hubBin, ...args], { env: { ...baseEnv, ...env }, timeout: 60_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-conv-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const [person] = samplePersons(1, ['aak'], 7);
const report = udeblivelse(person!, 'conv-1', '2026-03-27', Date.parse('2026-03-27T10:00:00Z')).report;
const line = (extra: object = {}) => JSON.stringify({ kapitel: 11, ...report, person: { kontaktgruppe: 1 }, modtaget: '2026-03-27T12:00:00Z', ...extra });
const parse = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('hub check', () => {
  it('judges every line after a bad one, numbers the bad ones, handles a byte-order mark, and exits 2', async () => {
    const input = file('mixed.ndjson', `\uFEFF${line()}\n${line({ indberetningId: 'conv-2', modtaget: 'garbage' })}\nnot json\n${line({ indberetningId: 'conv-4' })}\n`);
    const { stdout, stderr, code } = await hubCli(['check', '--file', input]);
    expect(code).toBe(2);
    const verdicts = parse(stdout);
    expect(verdicts.map((v) => [v.line, v.verdict])).toEqual([[1, 'on-time'], [2, 'unreadable'], [3, 'unreadable'], [4, 'on-time']]);
    expect(JSON.stringify(verdicts[1])).toContain('line 2: \\"modtaget\\" must be an ISO-8601 instant');
    expect(stderr).toContain('2 line(s) judged, 2 unreadable');
  });

  it('says a null required date is missing', async () => {
    const { stdout } = await hubCli(['check', '--file', file('null.ndjson', line({ haendelsesdato: null }))]);
    expect(parse(stdout)[0]!.reasons).toEqual([{ code: 'missing-field', field: 'haendelsesdato', message: 'haendelsesdato is missing (required, a date, YYYY-MM-DD)' }]);
  });

  it('says an empty input holds no reports and exits 2; a missing file is a failure, exit 1', async () => {
    const empty = await hubCli(['check', '--file', file('empty.ndjson', '\n\n')]);
    expect([empty.code, empty.stdout]).toEqual([2, '']);
    expect(empty.stderr).toMatch(/holds no reports/);
    const missing = await hubCli(['check', '--file', path.join(dir, 'nowhere.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nowhere\.ndjson: no such file \[INPUT_UNREADABLE\]/);
  });

  it('refuses a numeric option that is not a number, naming it, with exit 1', async () => {
    for (const args of [['check', '--file', '-', '--kontaktgruppe', 'abc'], ['tail', '--fund', 'aak', '--max', 'x'], ['demo', '--count', 'x']]) {
      const r = await hubCli(args, { KAFKA_BROKERS: '127.0.0.1:1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`--${args[args.length - 2]!.slice(2)} must be a whole number`));
    }
  });

  it('ends quietly when the reader closes the pipe early', async () => {
    const many = file('many.ndjson', Array.from({ length: 20_000 }, (_, i) => line({ indberetningId: `p-${i}` })).join('\n'));
    const child = spawn('sh', ['-c', `"${process.execPath}" "${hubBin}" check --file "${many}" | head -n 1`], { env: baseEnv });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(err).toBe('');
  });
});

describe('hub publish', () => {
  it('says an empty input holds no reports, connects to nothing, and exits 2', async () => {
    const r = await hubCli(['publish', '--file', file('empty2.ndjson', ''), '--no-progress'], { KAFKA_BROKERS: '127.0.0.1:1' });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/holds no reports.*nothing published/);
  });
});

describe('connection failure', () => {
  it('ends within 10 s with exit 1, one line on stderr naming the code and KAFKA_BROKERS, nothing on stdout', async () => {
    const started = Date.now();
    const r = await hubCli(['lag', '--json'], { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/KAFKA_BROKERS.*\[KAFKA_UNAVAILABLE\]/);
  });
});

describe('read-only commands', () => {
  it('tail checks its arguments before it connects', async () => {
    const r = await hubCli(['tail'], { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/say what to tail/);
    const unknown = await hubCli(['tail', '--fund', 'nope'], { KAFKA_BROKERS: '127.0.0.1:1' });
    expect(unknown.stderr).toMatch(/no fund "nope" is configured/);
  });

  it('lag, dlq list, compliance, reconcile, clients list, notices list and tail create no topic, register no schema and leave no consumer group', async () => {
    const env = { HUB_TOPIC_PREFIX: uniqueName('ro') };
    const lag = await hubCli(['lag', '--json'], env);
    expect(lag.code).toBe(0);
    expect(JSON.parse(lag.stdout)).toBeInstanceOf(Array);
    await hubCli(['dlq', 'list'], env);
    await hubCli(['compliance', '--from', '2026-01-01', '--to', '2026-01-31'], env);
    const reconcile = await hubCli(['reconcile', '--kommune', '101', '--from', '2026-01-01', '--to', '2026-01-31', '--csv'], env);
    expect([reconcile.code, reconcile.stdout.trim()]).toEqual([0, 'kommunekode,paragraf,status,fradato,tildato,personnoegle,kilde,aabnetTidspunkt,lukketTidspunkt,beskrivelse']);
    expect((await hubCli(['clients', 'list'], env)).stderr).toContain('no connection agreements');
    expect((await hubCli(['notices', 'list'], env)).code).toBe(0);
    const tail = await hubCli(['tail', '--fund', 'aak', '--max', '1'], env);
    expect(tail.stderr).toMatch(/does not exist yet/);
    const admin = testKafka().admin();
    await admin.connect();
    try {
      expect((await admin.listTopics()).filter((t) => t.startsWith(env.HUB_TOPIC_PREFIX))).toEqual([]);
      const { groups } = await admin.listGroups();
      expect(groups.filter((g) => g.groupId.startsWith(env.HUB_TOPIC_PREFIX))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    const subjects = (await (await fetch(`${connections.registryUrl}/subjects`)).json()) as string[];
    expect(subjects.filter((s) => s.startsWith(env.HUB_TOPIC_PREFIX))).toEqual([]);
  });
});
