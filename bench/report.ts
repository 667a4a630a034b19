import fs from 'node:fs';
import path from 'node:path';
import type { LatencyResult } from './latency.ts';
import type { MachineInfo } from './machine.ts';

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
  return [
    `${r.date}  ${m.cpus} CPUs (${m.cpuModel}), ${fmt(m.memoryMb)} MiB, node ${m.node}, Kafka ${m.kafka}`,
    `${fmt(s.count)} messages × ${s.messageSize} B, median of ${s.repeats}; latency at ${fmt(s.latencyRatePerSec)}/s for ${s.latencySeconds} s`,
    '', throughput, '', latency,
    ...(r.backlog.length > 0
      ? ['', table(['backlog', 'messages', 'events/s', 'peak RSS MiB'], r.backlog.map((b) => [b.name, fmt(b.count), fmt(b.eventsPerSec), fmt(b.peakRssMb)]))]
      : []),
  ].join('\n');
};

export const writeReport = (file: string, report: BenchReport): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
};
