// The compliance report read from the real receipts and alarms topics, through `hub compliance`.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import type { Kvittering } from '../../src/config/records.generated.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { opsPlugin } from '../../src/http/ops-plugin.ts';
import { readCompliance } from '../../src/ops/index.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
let services: Services;
let env: NodeJS.ProcessEnv;
const now = Date.now();
const today = copenhagenDate(now);
const yesterday = copenhagenDate(now - 86_400_000);

const receipt = (id: string, kommunekode: string, vurdering: string, udfald: Kvittering['udfald'], processedAt: number): Kvittering => ({
  indberetningId: id, kildesystem: 'test', kommunekode, kapitel: 11, haendelsestype: 'udeblivelse-samtale', udfald, vurdering,
  paragraf: '§ 61', fristdato: today, frigivesDato: null, aarsager: [], advarsler: [], modtagere: [],
  modtagetTidspunkt: new Date(now - 60_000).toISOString(), behandletTidspunkt: new Date(processedAt).toISOString(),
});

beforeAll(async () => {
  env = { ...process.env, HUB_TOPIC_PREFIX: uniqueName('compl'), HUB_PARTITIONS: '2', HUB_LOG_LEVEL: 'error' };
  services = await connectServices(hubSettingsFrom(env), testLogger);
  const { kafka, codec, topics } = services;
  const producer = kafka.producer();
  await producer.connect();
  const r = async (value: ReturnType<typeof receipt>, timestamp = now) => ({ key: value.indberetningId, value: await codec.encode(topics.kvitteringer, value), timestamp: String(timestamp) });
  // Written first, with a time 40 days back: before the period, so the scan by timestamp skips it.
  await producer.send({ topic: topics.kvitteringer, messages: [await r(receipt('old', '101', 'late', 'LEVERET', now), now - 40 * 86_400_000)] });
  await producer.send({ topic: topics.kvitteringer, messages: [
    await r(receipt('a', '101', 'on-time', 'LEVERET', now)),
    await r(receipt('b', '101', 'late', 'LEVERET', now)),
    await r(receipt('b', '101', 'late', 'DUBLET', now + 1000)),
    await r(receipt('c', '147', 'premature', 'AFVIST', now)),
  ] });
  await producer.send({ topic: topics.alarmer, messages: [{ key: '147', value: await codec.encode(topics.alarmer, {
    alarmId: 'mangler.x', type: 'MANGLENDE_INDBERETNING', kommunekode: '147', kildesystem: 'test', indberetningId: 'd', tilbudId: 't1', fristdato: yesterday, beskrivelse: 'missing end', tidspunkt: new Date(now).toISOString(),
  }) }] });
  await producer.disconnect();
});

afterAll(async () => { await services?.close(); });

describe('compliance report', () => {
  const expected = [
    { kommunekode: '101', paragraf: '§ 61', rettidig: 1, forsinket: 1, foertidlig: 0, afvist: 0, manglende: 0, andelForsinket: 0.5 },
    { kommunekode: '147', paragraf: '§ 61', rettidig: 0, forsinket: 0, foertidlig: 1, afvist: 0, manglende: 0, andelForsinket: 0 },
    { kommunekode: '147', paragraf: '§ 62 stk. 1 nr. 2', rettidig: 0, forsinket: 0, foertidlig: 0, afvist: 0, manglende: 1, andelForsinket: 0 },
  ];

  it('reads receipts and alarms from the period\'s first day on, counting each report once', async () => {
    expect(await readCompliance(services, { from: yesterday, to: today })).toEqual(expected);
  });

  it('serves the same at /api/ops/compliance', async () => {
    const app = await createHttpServer({ logger: testLogger, plugins: [opsPlugin({ services, health: undefined as never })] });
    try {
      const response = await app.inject({ method: 'GET', url: `/api/ops/compliance?from=${yesterday}&to=${today}` });
      expect(response.statusCode).toBe(200);
      expect((response.json() as { rows: unknown[] }).rows).toEqual(expected);
      expect((await app.inject({ method: 'GET', url: `/api/ops/compliance?from=${yesterday}` })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('prints it as json, csv and a table from the command line', async () => {
    const hub = (...args: string[]) => run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), 'compliance', '--from', yesterday, '--to', today, ...args], { env, timeout: 60_000 });
    const [json, csv, table] = await Promise.all([hub('--format', 'json'), hub('--format', 'csv'), hub()]);
    expect((JSON.parse(json.stdout) as { rows: unknown[] }).rows).toEqual(expected);
    expect(csv.stdout.split('\n')[1]).toBe('101,§ 61,1,1,0,0,0,0.5');
    expect(table.stdout).toMatch(/^kommune\s+paragraf/);
    await expect(run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), 'compliance', '--from', '2025-13-01', '--to', today], { env })).rejects.toThrow(/--from must be a day/);
  });
});
