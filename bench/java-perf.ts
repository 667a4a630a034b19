import path from 'node:path';
import { runWithPeakRss } from './peak-rss.ts';

/** Kafka's own tools: what this machine can move with the reference Java client. */
export interface JavaPerfOptions {
  /** Kafka's lib directory (kafka-tools and its dependencies). */
  kafkaLibDir: string;
  brokers: string[];
  topic: string;
  count: number;
  messageSize: number;
  /** Java executable; default `java` from PATH. */
  java?: string;
}

export interface JavaPerfResult {
  recordsPerSec: number;
  peakRssMb: number;
  /** The tool's summary line, kept for the JSON report. */
  summary: string;
}

/**
 * Parses ProducerPerformance's final line, e.g.
 * `20000 records sent, 41152.3 records/sec (20.09 MB/sec), 310.2 ms avg latency, ...`.
 * Progress lines share the format; the last one is the summary.
 */
export const parseProducerPerformance = (output: string): { recordsPerSec: number; summary: string } => {
  const lines = output.split('\n').filter((l) => /records sent, [\d.]+ records\/sec/.test(l));
  const summary = lines.at(-1);
  const rate = summary ? /records sent, ([\d.]+) records\/sec/.exec(summary)?.[1] : undefined;
  if (!summary || rate === undefined) throw new Error(`no summary in ProducerPerformance output:\n${output}`);
  return { recordsPerSec: Number(rate), summary: summary.trim() };
};

/**
 * Parses ConsumerPerformance's CSV-like header and row. `fetch.nMsg.sec` excludes the group
 * join (`rebalance.time.ms`), which is how the pipes are timed too.
 */
export const parseConsumerPerformance = (output: string): { recordsPerSec: number; summary: string } => {
  const lines = output.split('\n').map((l) => l.trim());
  const headerAt = lines.findIndex((l) => l.startsWith('start.time'));
  const header = lines[headerAt]?.split(/,\s*/);
  const row = lines[headerAt + 1]?.split(/,\s*/);
  const column = header?.indexOf('fetch.nMsg.sec') ?? -1;
  const rate = column >= 0 ? Number(row?.[column]) : Number.NaN;
  if (!header || !row || !Number.isFinite(rate)) throw new Error(`no summary in ConsumerPerformance output:\n${output}`);
  return { recordsPerSec: rate, summary: header.map((h, i) => `${h}=${row[i] ?? ''}`).join(' ') };
};

const runTool = async (o: JavaPerfOptions, mainClass: string, args: string[], parse: typeof parseProducerPerformance): Promise<JavaPerfResult> => {
  const run = await runWithPeakRss(o.java ?? 'java', ['-Xmx512m', '-cp', `${path.join(o.kafkaLibDir, '*')}`, mainClass, ...args]);
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.code !== 0) throw new Error(`${mainClass} exited with ${run.code}:\n${output}`);
  return { ...parse(output), peakRssMb: run.peakRssMb };
};

/** Produces `count` records of `messageSize` bytes as fast as it can, acks=all and idempotent as the pipes. */
export const runProducerPerformance = (o: JavaPerfOptions): Promise<JavaPerfResult> =>
  runTool(o, 'org.apache.kafka.tools.ProducerPerformance', [
    '--bootstrap-server', o.brokers.join(','), '--topic', o.topic, '--num-records', String(o.count),
    '--record-size', String(o.messageSize), '--throughput', '-1',
    '--command-property', 'acks=all', 'enable.idempotence=true',
  ], parseProducerPerformance);

/** Consumes `count` records from `topic` (filled before, e.g. by ProducerPerformance) with a fresh group. */
export const runConsumerPerformance = (o: JavaPerfOptions & { group: string }): Promise<JavaPerfResult> =>
  runTool(o, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server', o.brokers.join(','), '--topic', o.topic, '--num-records', String(o.count),
    '--group', o.group, '--timeout', '60000',
  ], parseConsumerPerformance);
