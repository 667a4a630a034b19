// Issue 11, point 7: `hub check` gives, offline, the verdict and outcome the running hub gives to the
// same file: one membership list (`hub members import` / `check --members`) and one reports file
// (`hub publish` / `hub check`) in which chapter 2 lines change the state later chapter 11 lines read.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { readTopic, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const hubEnv = { HUB_TOPIC_PREFIX: uniqueName('check'), HUB_PARTITIONS: '2', HUB_REQUIRE_AGREEMENT: 'false' };
const env = { ...process.env, ...hubEnv, HUB_LOG_LEVEL: 'error' };
const hubCli = (...args: string[]) => run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), ...args], { env, timeout: 120_000 });

let services: Services;
let hub: HubProcess | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-check-'));

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom(env), testLogger);
});

afterAll(async () => {
  hub?.child.kill('SIGTERM');
  await hub?.exited;
  await services?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hub check and the running hub agree', () => {
  it('judges chapter 11 lines with the kontaktgruppe and membership earlier lines gave, as the pipeline does', async () => {
    const [anna, bo, carl, dora] = samplePersons(4, ['aak', 'hk', 'krifa', 'aak'], 808);
    const members = path.join(dir, 'members.csv');
    // carl has no membership: his chapter 11 report waits for a fund.
    fs.writeFileSync(members, `cpr,akasse,fleksjob\n${anna!.cpr},aak,false\n${bo!.cpr},hk,false\n${dora!.cpr},aak,false\n`);
    const now = Date.now();
    const today = copenhagenDate(now);
    const end = (p: typeof dora, id: string) => {
      const s = kontaktgruppeStart(p!, id, today, now);
      return { ...s, report: { ...s.report, haendelsestype: 'KONTAKTGRUPPE_SLUT', kontaktgruppe: { kontaktgruppe: 1, startdato: today, slutdato: today } } };
    };
    const lines = [
      udeblivelse(anna!, 'anna-before', today, now), // no kontaktgruppe yet: out of scope
      kontaktgruppeStart(anna!, 'anna-kg', today, now),
      udeblivelse(anna!, 'anna-after', today, now), // kontaktgruppe 1 from the line before: delivered
      udeblivelse(bo!, 'bo', today, now), // anna's group is not bo's
      kontaktgruppeStart(carl!, 'carl-kg', today, now),
      udeblivelse(carl!, 'carl', today, now), // in scope, but no fund known: waits
      kontaktgruppeStart(dora!, 'dora-kg', today, now),
      end(dora, 'dora-end'),
      udeblivelse(dora!, 'dora', today, now), // out again
    ];
    const reports = path.join(dir, 'reports.ndjson');
    fs.writeFileSync(reports, `${lines.map((s) => JSON.stringify({ kapitel: s.kapitel, ...s.report })).join('\n')}\n`);

    const checked = await hubCli('check', '--file', reports, '--members', members);
    const offline = new Map(checked.stdout.trim().split('\n').map((l) => JSON.parse(l) as { indberetningId: string; verdict: string; paragraph: string; udfald: string })
      .map((v) => [v.indberetningId, [v.verdict, v.paragraph, v.udfald]]));

    await hubCli('members', 'import', '--file', members, '--no-progress');
    hub = spawnHub(hubEnv);
    await hub.ready;
    await hubCli('publish', '--file', reports, '--no-progress');
    const receipts = await readTopic(services.kafka, services.topics.kvitteringer, (v) => services.codec.decode<{ indberetningId: string; vurdering: string; paragraf: string; udfald: string }>(v), lines.length, 60_000);
    const pipeline = new Map(receipts.map((r) => [r.value.indberetningId, [r.value.vurdering, r.value.paragraf, r.value.udfald]]));

    expect(pipeline.size).toBe(lines.length);
    expect(offline).toEqual(pipeline);
    expect(Object.fromEntries([...offline].map(([id, [verdict, , udfald]]) => [id, `${verdict} ${udfald}`]))).toEqual({
      'anna-before': 'out-of-scope UDEN_FOR_PERSONKREDS', 'anna-kg': 'on-time LEVERET', 'anna-after': 'on-time LEVERET',
      bo: 'out-of-scope UDEN_FOR_PERSONKREDS', 'carl-kg': 'on-time LEVERET', carl: 'on-time AFVENTER_AKASSE',
      'dora-kg': 'on-time LEVERET', 'dora-end': 'on-time LEVERET', dora: 'out-of-scope UDEN_FOR_PERSONKREDS',
    });
  });
});
