// Stopping `hub start` (a real child process with its web service) on SIGTERM/SIGINT: it stops
// taking requests, says so, finishes what is in flight and exits — within 5 s when idle and within
// 10 s during a flood of POSTs — and every report it answered 202 is on the inbound topic.
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hubProcess, hubScript } from '../../infra/index.ts';
import { createRegistry } from '../../src/shared/registry.ts';
import { samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { connections, testKafka, uniqueName } from '../support/services.ts';
import { freePort } from '../support/own-stack.ts';

interface Started { child: ChildProcess; url: string; key: string; prefix: string; output: () => string; exited: Promise<{ code: number | null; at: number }> }

const startHubProcess = async (): Promise<Started> => {
  const port = await freePort();
  const prefix = uniqueName('stop');
  const how = hubProcess();
  const child = spawn(process.execPath, [...how.nodeArgs, hubScript(), 'start', '--no-stack'], {
    // Its own operations port too: another test's hub may hold the default 8090 at the same time.
    // The flood is about stopping, not the rate limit: on a quiet machine 20 senders pass 600 a minute.
    env: { ...process.env, ...how.env, HUB_TOPIC_PREFIX: prefix, HUB_HTTP_PORT: String(port), HUB_OPS_HTTP_PORT: String(await freePort()), HUB_PARTITIONS: '2', HUB_LOG_LEVEL: 'info', HUB_RATE_LIMIT_PER_MINUTE: '1000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  const deadline = Date.now() + 90_000;
  while (!/API key of the demo agreement .*: (hub_\S+)/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`hub did not start:\n${out}\n${err.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const key = /API key of the demo agreement .*: (hub_\S+)/.exec(out)![1]!;
  return { child, url: `http://127.0.0.1:${port}`, key, prefix, output: () => `${out}\n${err}`, exited };
};

const inboundIds = async (prefix: string, expected: number): Promise<Set<string>> => {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${prefix}.indberetninger`;
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const registry = createRegistry(connections.registryUrl);
  const ids = new Set<string>();
  const consumer = kafka.consumer({ groupId: uniqueName('stop-read'), readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen++;
      const decoded = (await registry.decode(message.value!)) as { data: Record<string, { indberetningId: string }> };
      ids.add(Object.values(decoded.data)[0]!.indberetningId);
    },
  });
  const until = Date.now() + 30_000;
  while (seen < Math.max(total, expected) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  await consumer.disconnect();
  return ids;
};

describe('hub start stops cleanly', () => {
  it('when idle, exits 0 within 5 s of SIGINT and says it stops', async () => {
    const hub = await startHubProcess();
    const sent = Date.now();
    hub.child.kill('SIGINT');
    const { code, at } = await hub.exited;
    expect(code).toBe(0);
    expect(at - sent).toBeLessThan(5_000);
    expect(hub.output()).toContain('stopping: no new requests');
  }, 120_000);

  it('during a flood of POSTs, exits 0 within 10 s of SIGTERM, and every 202 is on the inbound topic', async () => {
    const hub = await startHubProcess();
    const persons = samplePersons(50, ['aak'], 3);
    const now = Date.now();
    const accepted: string[] = [];
    let refusedAfterStop = 0;
    let stopped = false;
    let n = 0;
    const post = async () => {
      const id = `flood-${n++}`;
      const { kildesystem: _k, ...report } = udeblivelse(persons[n % persons.length]!, id, copenhagenDate(now), now).report;
      try {
        const r = await fetch(`${hub.url}/api/v1/indberetninger`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': hub.key }, body: JSON.stringify({ kapitel: 11, report }),
        });
        if (r.status === 202) accepted.push(id);
        else if (stopped) refusedAfterStop++;
        else throw new Error(`unexpected ${r.status} before the stop: ${await r.text()}`);
      } catch (error) {
        if (!stopped) throw error;
        refusedAfterStop++;
      }
    };
    // 20 senders in a loop until the hub stops answering.
    const senders = Array.from({ length: 20 }, async () => {
      while (!(stopped && hub.child.exitCode !== null) && n < 20_000) {
        await post();
        if (stopped && refusedAfterStop > 200) break;
      }
    });
    await new Promise((r) => setTimeout(r, 4_000));
    const before = accepted.length;
    stopped = true;
    const sent = Date.now();
    hub.child.kill('SIGTERM');
    const { code, at } = await hub.exited;
    await Promise.all(senders);
    expect(before).toBeGreaterThan(5);
    // On a failure, the hub's last lines say which part of the stop took long (each logs `stopped` with
    // its ms; an overrun names the parts still waited for), with its warnings.
    expect({ code, ms: at - sent }, hub.output().split('\n').filter((l) => /stop|fatal|"level":[456]0/.test(l)).slice(-20).join('\n')).toMatchObject({ code: 0 });
    expect(at - sent).toBeLessThan(10_000);
    const onTopic = await inboundIds(hub.prefix, accepted.length);
    expect(accepted.filter((id) => !onTopic.has(id))).toEqual([]);
  }, 180_000);
});
