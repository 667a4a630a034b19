import fs from 'node:fs';
import path from 'node:path';
import type { LatencyResult } from './latency.ts';
import { brokerLine, type MachineInfo } from './machine.ts';

/** One line of the throughput table: the median of its repeats. */
export interface ThroughputRow {
  name: string;
  eventsPerSec: number;
  /** Every repeat's figure, for judging the noise. */
  samples: number[];
  peakRssMb?: number;
  notes: string;
  hub?: boolean;
}

export interface BacklogRow {
  name: string;
  count: number;
  eventsPerSec: number;
  peakRssMb?: number;
  /** The highest anonymous (V8 heap, malloc) and file-backed (the Node binary and its libraries) parts, MiB. */
  peakAnonMb?: number;
  peakFileMb?: number;
}

export interface BenchReport {
  date: string;
  command: string;
  machine: MachineInfo;
  settings: { quick: boolean; count: number; messageSize: number; repeats: number; backlogCount: number; latencyRatePerSec: number; latencySeconds: number };
  throughput: ThroughputRow[];
  latency: Array<LatencyResult & { name: string }>;
  backlog: BacklogRow[];
}

const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const table = (header: string[], rows: string[][]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};

/**
 * The hub's figures against its targets (issue 12), each from this run: throughput as a share of
 * the same-shape pipe (the hub's own writes, nothing else) and of the raw kafkajs pipe, p99 at the
 * offered load, and the peak RSS draining the backlog (in quick mode, the throughput runs' drains).
 */
export const targetLines = (r: BenchReport): string[][] => {
  const row = (name: string) => r.throughput.find((t) => t.name === name);
  const hub = r.throughput.find((t) => t.hub);
  if (!hub) return [];
  const lines: string[][] = [];
  const ratio = (over: string, wanted: number) => {
    const floor = row(over)?.eventsPerSec;
    if (!floor || !Number.isFinite(hub.eventsPerSec)) return;
    const x = hub.eventsPerSec / floor;
    lines.push([`hub ÷ ${over}`, fmt(x, 2), `≥ ${wanted}`, x >= wanted ? 'yes' : `no (${fmt(wanted / x, 1)}× short)`]);
  };
  ratio('same-shape pipe', 0.6);
  ratio('kafkajs pipe', 0.15);
  const latency = r.latency.find((l) => l.name === hub.name);
  if (latency) lines.push([`hub p99 at ${fmt(latency.ratePerSec)}/s`, `${fmt(latency.p99Ms, 1)} ms`, '< 100 ms', latency.p99Ms < 100 ? 'yes' : `no (+${fmt(latency.p99Ms - 100, 1)} ms)`]);
  const backlog = r.backlog.find((b) => b.name === hub.name);
  const rss = backlog ? { mb: backlog.peakRssMb, count: backlog.count } : { mb: hub.peakRssMb, count: undefined };
  if (rss.mb !== undefined) {
    const what = rss.count === undefined ? `hub peak RSS draining ${fmt(r.settings.count)} (quick; wanted for 1,000,000)` : `hub peak RSS draining ${fmt(rss.count)}`;
    lines.push([what, `${fmt(rss.mb)} MiB`, '< 256 MiB', rss.mb < 256 ? 'yes' : `no (+${fmt(rss.mb - 256)} MiB)`]);
  }
  return lines;
};

/**
 * The printed report. "× kafkajs" is each row over the raw kafkajs pipe; "hub ÷ row" is the hub
 * over each row (how much of that ceiling the hub reaches), shown once a hub row exists.
 */
export const formatReport = (r: BenchReport): string => {
  const kafkajs = r.throughput.find((t) => t.name === 'kafkajs pipe')?.eventsPerSec;
  const hub = r.throughput.find((t) => t.hub)?.eventsPerSec;
  const throughput = table(
    ['pipeline', 'events/s', '× kafkajs', 'hub ÷ row', 'peak RSS MiB', 'notes'],
    r.throughput.map((t) => [
      t.name, fmt(t.eventsPerSec), kafkajs ? fmt(t.eventsPerSec / kafkajs, 2) : '—',
      hub ? fmt(hub / t.eventsPerSec, 2) : '—', fmt(t.peakRssMb), t.notes,
    ]),
  );
  const latency = table(
    ['pipe', 'offered/s', 'measured', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    r.latency.map((l) => [l.name, fmt(l.ratePerSec), fmt(l.measured), fmt(l.p50Ms, 1), fmt(l.p95Ms, 1), fmt(l.p99Ms, 1), fmt(l.maxMs, 1)]),
  );
  const m = r.machine;
  const s = r.settings;
  const targets = targetLines(r);
  return [
    `${r.date}  ${m.cpus} CPUs (${m.cpuModel}), ${fmt(m.memoryMb)} MiB, node ${m.node}, Kafka ${m.kafka}`,
    ...(m.broker ? [brokerLine(m.broker)] : []),
    `${fmt(s.count)} messages × ${s.messageSize} B, median of ${s.repeats}; latency at ${fmt(s.latencyRatePerSec)}/s for ${s.latencySeconds} s`,
    '', throughput, '', latency,
    ...(r.backlog.length > 0
      ? ['', table(['backlog', 'messages', 'events/s', 'peak RSS MiB', 'anon MiB', 'file MiB'], r.backlog.map((b) => [b.name, fmt(b.count), fmt(b.eventsPerSec), fmt(b.peakRssMb), fmt(b.peakAnonMb), fmt(b.peakFileMb)]))]
      : []),
    ...(targets.length > 0 ? ['', table(['target (issue 12)', 'measured', 'wanted', 'met'], targets)] : []),
  ].join('\n');
};

export const writeReport = (file: string, report: BenchReport): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
};
