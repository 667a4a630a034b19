// Schemathesis (PyPI) against the served OpenAPI document on a real listening server: no
// generated request may produce a server error. Installed into .stack/schemathesis on first run.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

const venv = path.join(repoRoot(), '.stack', 'schemathesis');
const cli = path.join(venv, 'bin', 'schemathesis');

const ensureSchemathesis = (): void => {
  if (fs.existsSync(cli)) return;
  const mk = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  if (mk.status !== 0) throw new Error('python3 -m venv failed: install python3-venv');
  const pip = spawnSync(path.join(venv, 'bin', 'pip'), ['install', '-q', 'schemathesis'], { stdio: 'inherit', timeout: 240_000 });
  if (pip.status !== 0) throw new Error('pip install schemathesis failed');
};

let ws: WebServiceFixture;
let key: string;
let base: string;

beforeAll(async () => {
  ensureSchemathesis();
  // Thousands of requests from one caller: the rate limit (test/http/ops-server.int.test.ts) is not what is tested here.
  ws = await startWebService({ withHub: false, env: { HUB_RATE_LIMIT_PER_MINUTE: '1000000' } });
  key = (await ws.access.agreements.add({ id: 'sag-st', navn: 'Schemathesis', kommunekoder: ['101'], kapitler: [2, 3, 11], miljoe: 'test' }, 'test')).apiKey;
  base = await ws.app.listen({ host: '127.0.0.1', port: 0 });
}, 300_000);
afterAll(async () => { await ws?.close(); });

describe('schemathesis against /api/openapi.json', () => {
  it('finds no server error', async () => {
    const args = [
      'run', `${base}/api/openapi.json`, '--url', base,
      '--checks', 'not_a_server_error', '--max-examples', '30', '--workers', '2',
      '--header', `x-api-key: ${key}`, '--suppress-health-check', 'all', '--request-timeout', '10', '--no-color',
    ];
    // Run inside the venv folder: schemathesis keeps a .schemathesis/ cache in its working folder.
    const child = spawn(cli, args, { cwd: venv, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGTERM'), 110_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    fs.mkdirSync(path.join(repoRoot(), 'test-artifacts'), { recursive: true });
    fs.writeFileSync(path.join(repoRoot(), 'test-artifacts', 'schemathesis.txt'), output);
    expect(output, output.slice(-3000)).not.toMatch(/Server error/i);
    expect(code, output.slice(-3000)).toBe(0);
  }, 150_000);
});
