// § 64 as a user runs it (README, docs/outbox.md): `hub stack up --outbox`, `hub start` with
// HUB_OUTBOX_DATABASE_URL, `hub demo --outbox`, `hub stack status`, `hub stack down`. PostgreSQL and
// Connect are this test's own (temporary stack folder, free ports); Kafka, registry and Redis are the
// shared stack's, named by the environment so that nothing else is started or stopped.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { freePort, ownStackDir } from '../support/own-stack.ts';
import { connections, eventually, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const hubCli = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), ...args], { env, timeout: 240_000 })
    .then((r) => ({ ...r, code: 0 }))
    .catch((e: { stdout: string; stderr: string; code: number }) => e);

const dir = ownStackDir('outbox-cli');
let hub: HubProcess | undefined;
let env: NodeJS.ProcessEnv;

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  if (env) await hubCli(['stack', 'down'], env);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hub stack up --outbox, hub demo --outbox', () => {
  it('reports what a case worker saves, and shows the receipts beside the case', { timeout: 240_000 }, async () => {
    const prefix = uniqueName('obxcli');
    env = {
      ...process.env, HUB_STACK_DIR: dir, HUB_POSTGRES_PORT: String(await freePort()), HUB_CONNECT_PORT: String(await freePort()), HUB_CONNECT_GROUP: `${prefix}-connect`,
      KAFKA_BROKERS: connections.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: connections.registryUrl, REDIS_URL: connections.redisUrl, HUB_TOPIC_PREFIX: prefix,
    };
    const up = await hubCli(['stack', 'up', '--outbox'], env);
    expect(up.stderr).toBe('');
    expect(up.stdout).toMatch(/started (postgres, connect|connect, postgres)/);
    expect(up.stdout).toMatch(/postgres\s+healthy\s+postgres:\/\/hub@127\.0\.0\.1:\d+\/postgres\s+local, pid \d+/);
    expect(up.stdout).toMatch(/connect\s+healthy\s+http:\/\/127\.0\.0\.1:\d+\s+local, pid \d+/);
    const databaseUrl = /export HUB_OUTBOX_DATABASE_URL=(\S+)/.exec(up.stdout)?.[1];
    expect(databaseUrl).toBe(`postgres://hub@127.0.0.1:${env.HUB_POSTGRES_PORT}/sagssystem`);

    hub = spawnHub({ ...env, HUB_OUTBOX_DATABASE_URL: databaseUrl! } as Record<string, string>);
    await hub.ready;
    await eventually(() => hub!.output().includes('outbox bridge running'), 30_000);

    const demo = await hubCli(['demo', '--outbox', '--count', '2'], { ...env, HUB_OUTBOX_DATABASE_URL: databaseUrl });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('registered 5 outbox rows in 3 case transactions, and rolled one back (it reports nothing)');
    expect(demo.stdout).toMatch(/sag-1 KONTAKTGRUPPE_START\s+delivered \(§ 7 stk\. 1\)/);
    expect(demo.stdout).toMatch(/sag-2 udeblivelse-samtale\s+delivered \(§ 61\)/);
    expect(demo.stdout).toMatch(/sag-uden-kommune \(kommunekode missing\)\s+rejected: kommunekode is missing/);

    const status = await hubCli(['stack', 'status'], env);
    expect(status.stdout).toMatch(/postgres\s+healthy/);
    expect(status.stdout).toMatch(/connect\s+healthy/);
    hub.child.kill('SIGTERM');
    await hub.exited;
    const down = await hubCli(['stack', 'down'], env);
    expect(down.stdout).toMatch(/stopped (connect, postgres)/);
  });
});
