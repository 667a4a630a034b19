// The hub as the national scenario sees it: a child process (`hub start --no-http`) observed from
// outside only, through its exit, /proc and the receipts topic, so the figures mean the same before
// and after the hub's core changes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { hubProcess as hubProcessOf } from '../infra/hub-process.ts';
import { samplePeakRss, type RssSampler } from './peak-rss.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface HubInstance {
  readonly name: string;
  readonly child: ChildProcess;
  /** Epoch ms of the spawn. */
  readonly startedAt: number;
  /** Resolves with the exit signal or code; the last lines of its output beside it. */
  readonly exited: Promise<{ how: string; tail: string }>;
  /** Stops the RSS sampling and returns the peak resident set in MiB (VmHWM). */
  peakRssMb(): number;
  /** The highest anonymous and file-backed parts of the resident set sampled, in MiB. */
  peakParts(): { anonMb: number; fileMb: number };
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<string>;
  kill(): Promise<string>;
}

/**
 * How the hub's process is run: as the `bin/hub.mjs` shebang runs it (`npx hub`, `npm start`), with
 * HUB_BENCH_NODE_FLAGS added (say, `--cpu-prof`); a variable of the shebang's (MALLOC_ARENA_MAX,
 * MALLOC_MMAP_THRESHOLD_) in the benchmark's own environment wins.
 */
export const hubProcess = (nodeFlags: readonly string[] = []) => hubProcessOf([...nodeFlags, ...process.env.HUB_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []]);

/**
 * Spawns `bin/hub.mjs start --no-http --no-stack --roles rules` as `npm start` runs it (`hubProcess`): the instances that share the inbound
 * partitions and their person state; the other roles would run in processes of their own
 * (docs/operations.md). `HUB_ROLES` in `env` or this process's environment chooses other roles.
 * `env` comes on top of this process's environment, `nodeFlags` after the shebang's. With HUB_BENCH_LOG_DIR set, each instance's
 * whole output goes to `<dir>/<name>-<pid>.log` as well, at HUB_LOG_LEVEL (default info; warn without).
 */
export const spawnHubInstance = (name: string, env: Record<string, string>, nodeFlags: readonly string[] = []): HubInstance => {
  const startedAt = Date.now();
  const how = hubProcess(nodeFlags);
  const logDir = process.env.HUB_BENCH_LOG_DIR;
  const child = spawn(process.execPath, [...how.nodeArgs, path.join(root, 'bin/hub.mjs'), 'start', '--no-http', '--no-stack'], {
    env: { ...process.env, ...how.env, HUB_LOG_LEVEL: logDir ? process.env.HUB_LOG_LEVEL ?? 'info' : 'warn', HUB_ROLES: process.env.HUB_ROLES ?? 'rules', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  // Written synchronously, as test/support/hub-process.ts does: the bench may exit right after the
  // last instance, before a stream would have flushed.
  let log: number | undefined;
  if (logDir) {
    fs.mkdirSync(logDir, { recursive: true });
    log = fs.openSync(path.join(logDir, `${name}-${child.pid}.log`), 'a');
    child.once('close', () => fs.closeSync(log!));
  }
  const onData = (chunk: Buffer) => { tail = (tail + chunk.toString()).slice(-4000); if (log !== undefined) fs.writeSync(log, chunk); };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const rss: RssSampler = samplePeakRss(child.pid!, 200);
  let peak: number | undefined;
  const peakRssMb = () => (peak ??= Math.round(rss.stop()));
  // The peak is read just before the process is gone: /proc/<pid>/status loses it at exit.
  const exited = new Promise<{ how: string; tail: string }>((resolve) => child.once('exit', (code, signal) => { peakRssMb(); resolve({ how: signal ?? String(code), tail }); }));
  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode === null && child.signalCode === null) {
      peakRssMb();
      child.kill(sig);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const { how } = await exited;
      clearTimeout(timer);
      return how;
    }
    return (await exited).how;
  };
  return { name, child, startedAt, exited, peakRssMb, peakParts: () => rss.parts(), stop: (graceMs = 30_000) => signal('SIGTERM', graceMs), kill: () => signal('SIGKILL', 0) };
};

/** Receipts between two entries of `TagTimes.marks`. */
export const MARK_EVERY = 1000;

/**
 * Per tag (the part of a report id before its first `-`), when receipts arrived and how many;
 * `marks[k]` is when the count reached `(k + 1) * MARK_EVERY`.
 */
interface TagTimes { first: number; last: number; count: number; marks: number[] }

export interface ReceiptWatch {
  /** Waits until `count` receipts of `tag` arrived; undefined if `instances` all exited first or time ran out. */
  waitFor(tag: string, count: number, timeoutMs: number, instances?: readonly HubInstance[]): Promise<TagTimes | undefined>;
  close(): Promise<void>;
}

/**
 * A read_committed reader of the receipts topic from its start. Receipts are keyed by report id,
 * so only keys are read (no decoding): the receipt of a report is the sign it was processed.
 */
export const watchReceipts = async (kafka: Kafka, topic: string, groupId: string): Promise<ReceiptWatch> => {
  const tags = new Map<string, TagTimes>();
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const at = Date.now();
      for (const m of batch.messages) {
        const key = m.key?.toString() ?? '';
        const tag = key.slice(0, Math.max(0, key.indexOf('-')));
        const t = tags.get(tag);
        const times = t ?? { first: at, last: at, count: 0, marks: [] };
        if (!t) tags.set(tag, times);
        times.last = at;
        if (++times.count % MARK_EVERY === 0) times.marks.push(at);
      }
    },
  });
  return {
    async waitFor(tag, count, timeoutMs, instances = []) {
      const deadline = Date.now() + timeoutMs;
      const alive = () => instances.length === 0 || instances.some((i) => i.child.exitCode === null && i.child.signalCode === null);
      while ((tags.get(tag)?.count ?? 0) < count) {
        if (Date.now() > deadline || !alive()) return undefined;
        await new Promise((r) => setTimeout(r, 50));
      }
      const times = tags.get(tag)!;
      return { ...times, marks: [...times.marks] };
    },
    close: () => consumer.disconnect(),
  };
};
