import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectServices, type Services } from '../../src/app/services.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse, type SamplePerson } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { benchLogger, withAdmin } from '../bench-kafka.ts';
import { hubProcess } from '../hub-instance.ts';
import { percentile, type LatencyResult } from '../latency.ts';
import { samplePeakRss } from '../peak-rss.ts';
import type { PipelineContext, PipelineResult, PipelineUnderTest } from '../pipeline.ts';
import { captureShape, describeShape, shapeSummary, writeShape, type ShapeHolder } from './output-shape.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FUNDS = ['aak', '3f', 'hk'];
const nowMs = (): number => performance.timeOrigin + performance.now();

interface Prepared {
  services: Services;
  env: Record<string, string>;
  persons: SamplePerson[];
}

/** A fresh hub (own topic prefix) with `personCount` members in kontaktgruppe 1. */
const prepare = async (brokers: string[], personCount: number): Promise<Prepared> => {
  const prefix = `bench-hub-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const env = { HUB_TOPIC_PREFIX: prefix, HUB_REQUIRE_AGREEMENT: 'false', HUB_PARTITIONS: '3', HUB_LOG_LEVEL: 'warn', KAFKA_BROKERS: brokers.join(',') };
  const services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), benchLogger, 'bench-hub');
  const persons = samplePersons(personCount, FUNDS, 99);
  const { kafka, codec, topics, settings } = services;
  const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
  await members.publish(persons.map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
  await members.close();
  return { services, env, persons };
};

/** Deletes the run's topics and groups, and its Redis keys. */
const cleanUp = async (p: Prepared): Promise<void> => {
  const prefix = p.env.HUB_TOPIC_PREFIX!;
  await withAdmin(p.services.settings.kafkaBrokers, async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${prefix}.`));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  });
  const keys = await p.services.redis.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 1000) await p.services.redis.del(...keys.slice(i, i + 1000));
  const bull = await p.services.redis.keys(`bull:${prefix}-*`);
  for (let i = 0; i < bull.length; i += 1000) await p.services.redis.del(...bull.slice(i, i + 1000));
  await p.services.close();
};

/** A child process of the benchmark; `running` resolves at the moment its output says `readyLine`. */
const spawnRunning = (name: string, args: string[], env: Record<string, string>, readyLine: string): { child: ChildProcess; running: Promise<number> } => {
  const how = hubProcess();
  const child = spawn(process.execPath, [...how.nodeArgs, ...args], {
    env: { ...process.env, ...how.env, ...env, HUB_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const running = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyLine)) resolve(nowMs());
      if (output.length > 100_000) output = output.slice(-50_000);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it ran: ${output.slice(-400)}`)));
  });
  return { child, running };
};

/**
 * The real hub as its own process, as production runs it (HUB_BENCH_NODE_FLAGS, e.g. --cpu-prof, go
 * to its node): by default the process that takes the reports, `--roles rules` (the reconciliation
 * consumer, the BullMQ side and the receipt index run in processes of their own, docs/operations.md);
 * `roles` undefined runs every part in the one process, as `npm start` does.
 */
const spawnHub = (env: Record<string, string>, roles: string | undefined = 'rules') =>
  spawnRunning('hub', [path.join(root, 'bin/hub.mjs'), 'start', '--no-http', '--no-stack', ...(roles ? ['--roles', roles] : [])], env, 'rules consumer running');

const stopHub = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
};

/** Counts receipts (read_committed) until `expected` have arrived: when the last was read, and when a tenth and nine tenths of them were (ms). */
const countReceipts = async (services: Services, expected: number, timeoutMs: number): Promise<{ doneAt: number; tenthAt: number; nineTenthsAt: number }> => {
  const consumer = services.kafka.consumer({ groupId: `${services.settings.topicPrefix}.bench-count`, readUncommitted: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: services.topics.kvitteringer, fromBeginning: true });
  let seen = 0;
  let lastAt = 0;
  let tenthAt = 0;
  let nineTenthsAt = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      lastAt = nowMs();
      if (!tenthAt && seen >= expected / 10) tenthAt = lastAt;
      if (!nineTenthsAt && seen >= expected * 0.9) nineTenthsAt = lastAt;
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (seen < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  await consumer.disconnect();
  if (seen < expected) throw new Error(`only ${seen} of ${expected} receipts within ${Math.round(timeoutMs / 1000)} s`);
  return { doneAt: lastAt, tenthAt, nineTenthsAt };
};

/**
 * Writes the benchmark's reports to the run's inbound topic through the SDK (untimed): each
 * person's chapter 2 kontaktgruppe start, then `count` chapter 11 missed interviews.
 */
const fillReports = async (ctx: PipelineContext): Promise<Prepared> => {
  const personCount = Math.min(ctx.count, 5000);
  const prepared = await prepare(ctx.brokers, personCount);
  const { kafka, codec, topics, settings } = prepared.services;
  const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: prepared.services.personKeys, batchSize: 2000 });
  const now = Date.now();
  const today = copenhagenDate(now);
  await publisher.publishMany(prepared.persons.map((p, i) => kontaktgruppeStart(p, `kg-${i}`, today, now)));
  for (let start = 0; start < ctx.count; start += 20_000) {
    const slice = Array.from({ length: Math.min(20_000, ctx.count - start) }, (_, j) => {
      const i = start + j;
      return udeblivelse(prepared.persons[i % personCount]!, `ude-${i}`, today, now);
    });
    await publisher.publishMany(slice);
  }
  await publisher.close();
  return prepared;
};

/**
 * A row on the hub's inbound topic: `start` runs the process under test on the prepared prefix; the
 * clock runs from its "running" line until the last receipt is committed. `finished` may read the
 * run's topics before they are deleted.
 */
const reportRow = (name: string, o: {
  hub?: boolean;
  start(p: Prepared): { child: ChildProcess; running: Promise<number> };
  notes(total: number, p: Prepared): string;
  finished?(p: Prepared, total: number): Promise<void>;
}): PipelineUnderTest => {
  let prepared: Prepared | undefined;
  return {
    name,
    ...(o.hub ? { hub: true } : {}),
    async fill(ctx: PipelineContext) {
      prepared = await fillReports(ctx);
    },
    async run(ctx: PipelineContext): Promise<PipelineResult> {
      const p = prepared!;
      const total = ctx.count + p.persons.length;
      let child: ChildProcess | undefined;
      try {
        const spawnedAt = nowMs();
        const started = o.start(p);
        child = started.child;
        const rss = samplePeakRss(child.pid!, 100);
        try {
          const startedAt = await started.running;
          const { doneAt, tenthAt, nineTenthsAt } = await countReceipts(p.services, total, 120_000 + total * 2);
          const steady = { fromS: (tenthAt - spawnedAt) / 1000, toS: (nineTenthsAt - spawnedAt) / 1000, perSec: (total * 0.8) / ((nineTenthsAt - tenthAt) / 1000) };
          const result = { eventsPerSec: total / ((doneAt - startedAt) / 1000), steady, peakRssMb: Math.round(rss.stop()), peakParts: rss.parts(), atPeak: rss.atPeak(), notes: o.notes(total, p) };
          await stopHub(child);
          await o.finished?.(p, total);
          return result;
        } finally {
          rss.stop();
        }
      } finally {
        if (child) await stopHub(child);
        await cleanUp(p);
        prepared = undefined;
      }
    },
  };
};

/**
 * The hub's full pipeline as a benchmark row: Avro reports on the inbound topic (written
 * untimed beforehand) → the real hub process with the rules role (rules, receipts, fund
 * notification, warehouse and Danmarks Statistik copies, all in transactions) → timed until the
 * last receipt is committed. Given a `ShapeHolder`, its first run records what it wrote, for the
 * same-shape row.
 */
export const hubPipeline = (shapes?: ShapeHolder): PipelineUnderTest => reportRow('hub full pipeline', {
  hub: true,
  start: (p) => spawnHub(p.env),
  notes: (total, p) => `${total.toLocaleString('en-US')} reports incl. ${p.persons.length} chapter 2; --roles rules: receipts, fund, warehouse, DST in transactions`,
  async finished(p, total) {
    if (!shapes || shapes.shape) return;
    const { kafka, topics, settings } = p.services;
    shapes.shape = await captureShape(kafka, topics, total, new Set(await p.services.personKeys.keysFor(p.persons.map((person) => person.cpr))));
    process.stderr.write(`shape    per report, as the hub wrote: ${JSON.stringify(describeShape(shapes.shape))}\n`);
  },
});

/**
 * The same reports through one hub process that runs every role (`hub start` without `--roles`, as
 * `npm start` does): beside the rules consumer, the reconciliation consumer reads every accepted
 * report again and the receipt index every receipt, on the same cores.
 */
export const allRolesHubPipeline = (): PipelineUnderTest => reportRow('hub, all roles in one process', {
  start: (p) => spawnHub(p.env, undefined),
  notes: (total) => `${total.toLocaleString('en-US')} reports; rules + reconciliation + delivery + receipt index`,
});

/**
 * The floor under the hub row (same-shape-pipe.ts): the same inbound reports, and for each the
 * records the hub wrote in its first run of this benchmark, with none of its work in between.
 */
export const sameShapePipeline = (shapes: ShapeHolder): PipelineUnderTest => {
  const file = path.join(os.tmpdir(), `bench-shape-${process.pid}.json`);
  return reportRow('same-shape pipe', {
    start(p) {
      if (!shapes.shape) throw new Error('no output shape: the hub row must run (and succeed) before this row');
      writeShape(file, shapes.shape);
      return spawnRunning('same-shape pipe', ['--import', 'tsx', path.join(root, 'bench/pipes/same-shape-pipe.ts')], { ...p.env, BENCH_SHAPE_FILE: file }, 'same-shape pipe running');
    },
    notes: (total) => `${total.toLocaleString('en-US')} reports; ${shapeSummary(shapes.shape!)}`,
    async finished() { fs.rmSync(file, { force: true }); },
  });
};

/**
 * The hub's end-to-end latency at a fixed offered load: an open-loop producer writes chapter 11
 * reports at `ratePerSec`, each carrying the moment it was due in its id; a read_committed reader
 * of the fund topics takes the difference when the notification arrives.
 */
export const measureHubLatency = async (brokers: string[], ratePerSec: number, seconds: number, warmupSeconds = 2, roles: string | undefined = 'rules'): Promise<LatencyResult> => {
  const p = await prepare(brokers, 1000);
  const { kafka, codec, topics, settings } = p.services;
  const now = Date.now();
  const today = copenhagenDate(now);
  const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: p.services.personKeys });
  await publisher.publishMany(p.persons.map((person, i) => kontaktgruppeStart(person, `kg-${i}`, today, now)));
  const { child, running } = spawnHub(p.env, roles);
  const reader = kafka.consumer({ groupId: `${settings.topicPrefix}.bench-latency`, readUncommitted: false, maxWaitTimeInMs: 50 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    await running;
    // Steady state is what is measured: the clock starts once the hub has answered the persons'
    // kontaktgruppe reports written before it started (its restore, first settlements, a cold JIT).
    await countReceipts(p.services, p.persons.length, 120_000);
    await Promise.all([reader.connect(), producer.connect()]);
    await reader.subscribe({ topics: FUNDS.map((f) => topics.fund(f)), fromBeginning: true });
    const latencies: number[] = [];
    let countFrom = Number.POSITIVE_INFINITY;
    const joined = new Promise<void>((resolve) => reader.on(reader.events.GROUP_JOIN, () => resolve()));
    await reader.run({
      eachBatch: async ({ batch }) => {
        const arrivedAt = nowMs();
        for (const m of batch.messages) {
          const [tag, due, index] = String(m.headers?.[HEADERS.indberetningId] ?? '').split('-');
          // Counted by index, not by the due time's rounded digits: exactly the reports after the warm-up.
          if (tag === 'lat' && Number(index) >= countFrom) latencies.push(arrivedAt - Number(due));
        }
      },
    });
    await joined;
    // Keyed before the clock starts, as a case system's client cache holds its persons' keys.
    const keys = await p.services.personKeys.keysFor(p.persons.map((person) => person.cpr));
    const total = Math.round(ratePerSec * (seconds + warmupSeconds));
    const startedAt = nowMs();
    countFrom = Math.round(ratePerSec * warmupSeconds);
    let sent = 0;
    const sends: Promise<unknown>[] = [];
    while (sent < total) {
      const due = Math.min(total, Math.floor(((nowMs() - startedAt) / 1000) * ratePerSec) + 1);
      const batch = [];
      for (; sent < due; sent++) {
        const dueAt = startedAt + (sent / ratePerSec) * 1000;
        const person = p.persons[sent % p.persons.length]!;
        const report = udeblivelse(person, `lat-${dueAt.toFixed(3)}-${sent}`, today, now).report;
        batch.push({ key: keys[sent % p.persons.length]!, value: await codec.encodeInbound(11, report), headers: { [HEADERS.indberetningId]: String(report.indberetningId) } });
      }
      if (batch.length > 0) sends.push(producer.send({ topic: topics.indberetninger, acks: -1, messages: batch }));
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(sends);
    const expected = Math.round(ratePerSec * seconds);
    const deadline = Date.now() + 30_000;
    while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const sorted = latencies.sort((a, b) => a - b);
    return {
      ratePerSec, seconds, sent, measured: sorted.length,
      p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? Number.NaN,
    };
  } finally {
    await Promise.all([reader.disconnect().catch(() => undefined), producer.disconnect().catch(() => undefined), publisher.close().catch(() => undefined)]);
    await stopHub(child);
    await cleanUp(p);
  }
};
