// `hub stack` as a user runs it: idempotent start, status, clear one-line errors, external services.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot, serverPropertiesForTest } from './stack-support.ts';

const run = promisify(execFile);
const hub = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), 'stack', ...args], { env, timeout: 180_000 })
    .then((r) => ({ ...r, code: 0 }))
    .catch((e: { stdout: string; stderr: string; code: number }) => e);

describe('hub stack', () => {
  it('does nothing when the stack is already healthy, and shows each service', async () => {
    await hub(['up']);
    const again = await hub(['up']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('stack already healthy; nothing started');
    const status = await hub(['status']);
    expect(status.code).toBe(0);
    for (const service of ['kafka', 'registry', 'redis']) expect(status.stdout).toMatch(new RegExp(`${service}\\s+healthy`));
  });

  it('says in one line what to do when a port is taken', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-stack-'));
    // The local Redis listens on 6379: ask for Kafka there.
    const clash = await hub(['up'], { ...process.env, HUB_STACK_DIR: dir, HUB_KAFKA_PORT: '6379', HUB_REGISTRY_PORT: '18581', HUB_REGISTRY_MANAGEMENT_PORT: '18582', HUB_REDIS_PORT: '16579' });
    expect(clash.code).not.toBe(0);
    const lines = clash.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/port 6379 \(Kafka\) is used by another program: stop it, or choose another port with HUB_KAFKA_PORT=<port> \[PORT_IN_USE\]/);
    await hub(['down'], { ...process.env, HUB_STACK_DIR: dir, HUB_REDIS_PORT: '16579' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says in one line that Maven is needed when Kafka must be fetched without it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-stack-'));
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bin-'));
    fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
    const env = {
      ...process.env, PATH: bin, HUB_STACK_DIR: dir, HUB_KAFKA_PORT: '19492', HUB_KAFKA_CONTROLLER_PORT: '19493',
      // Only Kafka is ours here: the others are named, so they are not started.
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7', REDIS_URL: 'redis://127.0.0.1:6379',
    };
    const result = await hub(['up'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe('hub: Maven is needed once to fetch Kafka and the registry: apt-get install maven [MAVEN_MISSING]');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('leaves services named by the environment alone and reports them as external', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-stack-'));
    const env = { ...process.env, HUB_STACK_DIR: dir, KAFKA_BROKERS: '127.0.0.1:9092', SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7', REDIS_URL: 'redis://127.0.0.1:6379' };
    const up = await hub(['up'], env);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('nothing started');
    expect(up.stdout.match(/external \(from environment\)/g)).toHaveLength(3);
    expect(fs.existsSync(path.join(dir, 'run'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a single-node KRaft configuration bound to loopback with replication 1 for internal topics', () => {
    const props = serverPropertiesForTest();
    expect(props).toContain('process.roles=broker,controller');
    expect(props).toMatch(/listeners=PLAINTEXT:\/\/127\.0\.0\.1:\d+,CONTROLLER:\/\/127\.0\.0\.1:\d+/);
    for (const key of ['offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'transaction.state.log.min.isr', 'share.coordinator.state.topic.replication.factor']) {
      expect(props).toContain(`${key}=1`);
    }
  });
});
