// The hub as the national scenario sees it: a child process (`hub start --no-http`) observed from
// outside only, through its exit, /proc and the receipts topic, so the figures mean the same before
// and after the hub's core changes.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
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
 * How the hub's process is run, as `npm start` and the `bin/hub.mjs` shebang run it: a 192 MB old
 * space, 8 MB semi-spaces, two malloc arenas and a fixed mmap threshold (docs/operations.md, Memory). HUB_BENCH_NODE_FLAGS adds node flags;
 * a MALLOC_ARENA_MAX or MALLOC_MMAP_THRESHOLD_ of the benchmark's own environment wins.
 */
export const hubProcess = (): { nodeArgs: string[]; env: Record<string, string> } => ({
  nodeArgs: ['--max-old-space-size=192', '--max-semi-space-size=8', ...(process.env.HUB_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])],
  env: { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072' },
});

/**
 * Spawns `node --max-old-space-size=192 --max-semi-space-size=8 bin/hub.mjs start --no-http --no-stack --roles rules` as
 * `npm start` runs it (HUB_BENCH_NODE_FLAGS adds node flags): the instances that share the inbound
 * partitions and their person state; the other roles would run in processes of their own
 * (docs/operations.md). `HUB_ROLES` in `env` or this process's environment chooses other roles.
 * `env` comes on top of this process's environment.
 */
export const spawnHubInstance = (name: string, env: Record<string, string>): HubInstance => {
  const startedAt = Date.now();
  const how = hubProcess();
  const child = spawn(process.execPath, [...how.nodeArgs, path.join(root, 'bin/hub.mjs'), 'start', '--no-http', '--no-stack'], {
    env: { ...process.env, ...how.env, HUB_LOG_LEVEL: 'warn', HUB_ROLES: process.env.HUB_ROLES ?? 'rules', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const onData = (chunk: Buffer) => { tail = (tail + chunk.toString()).slice(-4000); };
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

/** Per tag (the part of a report id before its first `-`), when receipts arrived and how many. */
interface TagTimes { first: number; last: number; count: number }

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
        if (t) { t.last = at; t.count++; } else tags.set(tag, { first: at, last: at, count: 1 });
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
      return { ...tags.get(tag)! };
    },
    close: () => consumer.disconnect(),
  };
};
