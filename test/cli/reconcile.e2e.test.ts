// The README's reconciliation lines, run as written against a running hub: reports and then grants
// and payments go in through the CLI, and `hub reconcile` prints the discrepancies as a table and CSV.
import { exec } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { eventually, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(exec);
const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Reconciling registrations with grants and payments'));
const lines = [...section.matchAll(/```sh\n([\s\S]*?)```/g)][0]![1]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
const line = (start: string) => lines.find((l) => l.startsWith(start))!;
// `npx` adds a second or two per command on two cores; the lines are run as the README writes them.

const env = { ...process.env, HUB_TOPIC_PREFIX: uniqueName('reconcile'), HUB_PARTITIONS: '2', HUB_LOG_LEVEL: 'error' };
type Result = { stdout: string; stderr: string; code: number };
const sh = (command: string): Promise<Result> =>
  run(command, { cwd: repoRoot(), env, timeout: 120_000 }).then((r) => ({ ...r, code: 0 }), (e: Result) => e);

let services: Services;
let hub: RunningHub;
beforeAll(async () => {
  services = await connectServices(hubSettingsFrom(env), testLogger);
  hub = await startHub(services);
});
afterAll(async () => {
  await hub?.stop();
  await services?.close();
});

describe('reconciliation from the command line', () => {
  it('the README lines: reports and payments in, the discrepancies out as a table and CSV, no CPR anywhere', async () => {
    expect(lines).toHaveLength(4);
    const published = await sh(line('npx hub publish'));
    expect(published.stdout).toContain('published 3 of 3 reports');

    const imported = await sh(line('npx hub ydelser import'));
    expect(imported.code).toBe(2);
    expect(imported.stdout).toContain('imported 4 of 5 lines');
    expect(imported.stderr).toContain('line 5 refused: tildato 2026-04-01 is before fradato 2026-04-30');

    // Records reach reconciliation in any order (a payment before the registration it answers): wait until it settles.
    const csvLine = lines.find((l) => l.startsWith('npx hub reconcile') && l.endsWith('--csv'))!;
    let csv = '';
    const settled = await eventually(async () => {
      csv = (await sh(csvLine)).stdout;
      const rows = csv.trim().split('\n').slice(1);
      return rows.length === 3 && rows.every((r) => r.includes('AABEN'));
    }, 60_000, 1000);
    expect(settled, csv).toBe(true);
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toBe('kommunekode,paragraf,status,fradato,tildato,personnoegle,kilde,aabnetTidspunkt,lukketTidspunkt,beskrivelse');
    const [a] = await services.personKeys.keysFor(['0707614285']);
    // Person A's dagpenge, granted and paid, disagree from the 15th (kontaktgruppe 2); the aid was never
    // reported. Person B, in kontaktgruppe 1 all month, agrees.
    expect(rows[0]).toMatch(new RegExp(`^101,§ 9,AABEN,2026-03-15,2026-03-31,${a},bevilling:afst-b-a,`));
    expect(rows[1]).toMatch(new RegExp(`^101,§ 9,AABEN,2026-03-15,2026-03-31,${a},udbetaling:afst-u-a,`));
    expect(rows[2]).toMatch(new RegExp(`^101,§ 56,AABEN,2026-03-20,2026-03-20,${a},udbetaling:afst-u-a-hm,`));

    const table = await sh(lines.find((l) => l.startsWith('npx hub reconcile') && !l.endsWith('--csv'))!);
    expect(table.stdout.split('\n')[0]).toMatch(/^kommune\s+paragraf\s+status\s+fra\s+til\s+person\s+kilde\s+hvad$/);
    expect(table.stdout).toContain('kontaktgruppe 2 only');
    for (const out of [published.stdout, published.stderr, imported.stdout, imported.stderr, csv, table.stdout]) {
      expect(out).not.toContain('0707614285');
      expect(out).not.toContain('1503004001');
    }
  }, 150_000);
});
