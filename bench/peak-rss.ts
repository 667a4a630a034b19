import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Reads a `VmXXX:   1234 kB` line of /proc/<pid>/status; undefined once the process is gone. */
const readStatusKb = (pid: number, field: 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile'): number | undefined => {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
};

export interface RssSampler {
  /** Stops sampling and returns the peak resident set seen, in MiB (0 if never sampled). */
  stop(): number;
  /**
   * The highest anonymous (heap, stacks, malloc) and file-backed (memory-mapped files: the Node
   * binary and its libraries) parts of the resident set seen in the samples, in MiB. Sampled, so a
   * spike shorter than the interval can be missed; they need not peak at the same moment.
   */
  parts(): { anonMb: number; fileMb: number };
  /**
   * The anonymous and file-backed parts of the sample with the largest resident set: which of the
   * two makes the peak (sampled too, so it may differ from VmHWM by a spike between samples).
   */
  atPeak(): { rssMb: number; anonMb: number; fileMb: number };
}

/**
 * Samples a process's peak resident set. VmHWM is the kernel's own high-water mark, so a short
 * spike between samples is not missed; it vanishes with the process, hence the sampling, and
 * VmRSS stands in where VmHWM is unavailable. Linux only.
 *
 * @param intervalMs how often to read /proc/<pid>/status; default 200.
 */
export const samplePeakRss = (pid: number, intervalMs = 200): RssSampler => {
  let peakKb = 0;
  let anonKb = 0;
  let fileKb = 0;
  let atPeak = { rssKb: 0, anonKb: 0, fileKb: 0 };
  const sample = (): void => {
    peakKb = Math.max(peakKb, readStatusKb(pid, 'VmHWM') ?? readStatusKb(pid, 'VmRSS') ?? 0);
    const anon = readStatusKb(pid, 'RssAnon') ?? 0;
    const file = readStatusKb(pid, 'RssFile') ?? 0;
    anonKb = Math.max(anonKb, anon);
    fileKb = Math.max(fileKb, file);
    if (anon + file > atPeak.rssKb) atPeak = { rssKb: anon + file, anonKb: anon, fileKb: file };
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return peakKb / 1024;
    },
    parts: () => ({ anonMb: anonKb / 1024, fileMb: fileKb / 1024 }),
    atPeak: () => ({ rssMb: atPeak.rssKb / 1024, anonMb: atPeak.anonKb / 1024, fileMb: atPeak.fileKb / 1024 }),
  };
};

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the child, in MiB. */
  peakRssMb: number;
  /** Its highest anonymous and file-backed parts (see RssSampler.parts). */
  peakParts: { anonMb: number; fileMb: number };
  durationMs: number;
}

/** Runs a command to completion while sampling its peak RSS (the child itself, not its children). */
export const runWithPeakRss = (command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ChildRun> =>
  new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = child.pid === undefined ? undefined : samplePeakRss(child.pid, 100);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    // Once the child has exited its /proc entry holds no memory figures, so the last periodic
    // sample (at most 100 ms old) is the peak reported.
    child.on('close', (code) => resolve({
      code, stdout, stderr, peakRssMb: sampler?.stop() ?? 0, peakParts: sampler?.parts() ?? { anonMb: 0, fileMb: 0 }, durationMs: performance.now() - startedAt,
    }));
  });
