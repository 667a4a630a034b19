// The README's command lines, run as written. Every line of a ```sh block is either run here or
// named with the test that runs it, so a new line in the README needs a test before it is true.
import { exec, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { freePort } from '../support/own-stack.ts';
import { testKafka, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(exec);
const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
/** Each command line of the README's sh blocks, its comment cut off. */
const commandLines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);

const DEMO_LINE = 'npx hub demo --count 5 && npx hub tail --fund aak --from-beginning --max 5';
/**
 * Lines run elsewhere (they need their own stack or would run the whole suite). The secured
 * broker's lines are run there through the functions the commands call, not the command line.
 */
const ELSEWHERE: Record<string, string> = {
  'npm install && npm start': 'this file runs `npm start`; `npm install` is what made this checkout',
  'npm test': 'the suite itself',
  'npx hub stack up --secure': 'test/infra/secure-hub.int.test.ts (secureStackUp)',
  'export KAFKA_BROKERS=127.0.0.1:9096 KAFKA_SASL_MECHANISM=scram-sha-256 KAFKA_SASL_USERNAME=hub KAFKA_SASL_PASSWORD=<printed> KAFKA_TLS_CA_FILE=… SCHEMA_REGISTRY_URL=https://… REDIS_URL=rediss://…': 'test/infra/secure-hub.int.test.ts (the settings it prints, on TLS)',
  'npx hub stack up --outbox': 'test/cli/outbox-demo.e2e.test.ts (on ports of its own)',
  'export HUB_OUTBOX_DATABASE_URL=postgres://hub@127.0.0.1:5433/sagssystem': 'test/cli/outbox-demo.e2e.test.ts (the URL `up --outbox` prints, on its own port)',
  'npx hub demo --outbox': 'test/cli/outbox-demo.e2e.test.ts',
  'npx hub start': 'test/infra/secure-hub.int.test.ts and test/app/shutdown.e2e.test.ts',
  'npx hub stack status --secure': 'test/infra/secure-hub.int.test.ts (stackStatus with secure)',
  'npx hub stack down': 'test/infra/stack-command.e2e.test.ts (hub stack down on its own stack directory)',
  'npx hub publish --file examples/afstemning/indberetninger.ndjson': 'test/cli/reconcile.e2e.test.ts',
  'npx hub ydelser import --file examples/afstemning/ydelser.ndjson': 'test/cli/reconcile.e2e.test.ts',
  'npx hub reconcile --kommune 101 --from 2026-03-01 --to 2026-03-31': 'test/cli/reconcile.e2e.test.ts',
  'npx hub reconcile --kommune 101 --from 2026-03-01 --to 2026-03-31 --csv': 'test/cli/reconcile.e2e.test.ts',
};

describe('README command lines', () => {
  it('are each run here or by a named test', () => {
    expect(commandLines.filter((l) => l !== DEMO_LINE && !(l in ELSEWHERE))).toEqual([]);
    expect(commandLines).toContain(DEMO_LINE);
  });
});

describe(`${DEMO_LINE}`, () => {
  const env = { ...process.env, HUB_TOPIC_PREFIX: uniqueName('readme'), HUB_PARTITIONS: '2' };
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

  it('returns with the five notifications on stdout, decoded, CPR redacted, and leaves no consumer group', async () => {
    const { stdout, stderr } = await run(DEMO_LINE, { cwd: repoRoot(), env, timeout: 120_000 });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^published 10 reports for 5 persons \(memberships: aak 5\)$/);
    const notifications = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { value: { akasse: string; haendelsestype: string; cpr: string } });
    expect(notifications).toHaveLength(5);
    expect(notifications.every((n) => n.value.akasse === 'aak' && n.value.haendelsestype === 'udeblivelse-samtale' && n.value.cpr === '[CPR]')).toBe(true);
    expect(stderr).toContain(`tailing ${env.HUB_TOPIC_PREFIX}.akasse.aak`);
    const admin = testKafka().admin();
    await admin.connect();
    const { groups } = await admin.listGroups();
    await admin.disconnect();
    expect(groups.filter((g) => g.groupId.includes('.tail.') && g.groupId.startsWith(env.HUB_TOPIC_PREFIX))).toEqual([]);
  }, 150_000);
});

describe('npm start', () => {
  it('starts the hub on the running stack, prints where everything is, and stops on Ctrl-C', async () => {
    const port = await freePort();
    // Its own operations port too: another test's hub may hold the default 8090 at the same time.
    const child = spawn('npm', ['start'], { cwd: repoRoot(), env: { ...process.env, HUB_TOPIC_PREFIX: uniqueName('npmstart'), HUB_HTTP_PORT: String(port), HUB_OPS_HTTP_PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(code ?? signal))));
    const until = Date.now() + 90_000;
    while (!out.includes('stop with Ctrl-C') && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(out).toMatch(/hub running \(ready in [\d.]+ s\)/);
    expect(out).toContain(`registration page  http://127.0.0.1:${port}/registrering`);
    expect(out).toContain(DEMO_LINE);
    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C reaches the whole process group, npm and the hub
    // npm passes the signal on and ends by it; the hub itself stops cleanly and says so.
    expect(['0', 'SIGINT']).toContain(await exited);
    expect(err).toMatch(/"msg":"stopped"/);
  }, 120_000);
});
