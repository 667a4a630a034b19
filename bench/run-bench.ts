import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineResult, PipelineUnderTest } from './pipeline.ts';
import { brokerLoad, createTopics, deleteGroups, deleteTopics, fillTopic, uniqueName, withAdmin } from './bench-kafka.ts';
import { runConsumerPerformance, runProducerPerformance } from './java-perf.ts';
import { measureLatency, type LatencyResult } from './latency.ts';
import { machineInfo } from './machine.ts';
import { pipeAsPipeline } from './pipe-throughput.ts';
import { kafkajsPipe } from './pipes/kafkajs-pipe.ts';
import { platformaticPipe } from './pipes/platformatic-pipe.ts';
import { formatReport, writeReport, type BacklogRow, type BenchReport, type ThroughputRow } from './report.ts';
import { benchArgs, BenchUsageError } from './args.ts';

export interface BenchOptions {
  brokers: string[];
  /** Kafka's lib directory, for ProducerPerformance and ConsumerPerformance. */
  kafkaLibDir: string;
  kafkaVersion: string;
  /** Small counts, done in a few minutes. Default false. */
  quick?: boolean;
  /** Rows besides the raw pipes, e.g. the hub's pipeline (marked `hub: true`). */
  pipelines?: PipelineUnderTest[];
  /** Messages per throughput run; default 50,000 quick, 200,000 full. */
  count?: number;
  /** Payload bytes per message; default 512. */
  messageSize?: number;
  /** Runs per row, the median reported; default 3. */
  repeats?: number;
  /** Backlog a hub row drains once more for its peak RSS, full mode only; default 1,000,000. */
  backlogCount?: number;
  /** Offered load of the latency runs, messages/s; default 1,000. */
  latencyRatePerSec?: number;
  /** Length of each latency run in seconds; default 10 quick, 30 full. */
  latencySeconds?: number;
  /** Where the JSON report goes; default bench/results/latest.json. */
  resultsFile?: string;
  /** The command recorded in the report; default this process's argv. */
  command?: string;
  /** The hub's own latency run at the same offered load (see pipes/hub-pipeline.ts). */
  hubLatency?: (ratePerSec: number, seconds: number) => Promise<LatencyResult>;
  /** Progress lines; default stderr. */
  progress?: (line: string) => void;
}

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;

/** Fills a fresh input topic (untimed), lets the pipeline drain it, and drops the topic. */
const drainOnce = (p: PipelineUnderTest, brokers: string[], count: number, messageSize: number): Promise<PipelineResult> =>
  withAdmin(brokers, async (admin) => {
    const inputTopic = uniqueName('in');
    await createTopics(admin, [inputTopic]);
    try {
      const ctx = { brokers, inputTopic, count, messageSize };
      await (p.fill ? p.fill(ctx) : fillTopic(brokers, inputTopic, count, messageSize));
      return await p.run(ctx);
    } finally {
      await deleteTopics(admin, [inputTopic]);
    }
  });

/** Kafka's Java tools on one fresh topic: produce `count` records, then consume the same records. */
const javaTools = (o: BenchOptions, count: number, messageSize: number): Promise<Record<'produce' | 'consume', PipelineResult>> =>
  withAdmin(o.brokers, async (admin) => {
    const topic = uniqueName('java');
    const group = uniqueName('group');
    const tool = { kafkaLibDir: o.kafkaLibDir, brokers: o.brokers, topic, count, messageSize };
    await createTopics(admin, [topic]);
    try {
      const produced = await runProducerPerformance(tool);
      const consumed = await runConsumerPerformance({ ...tool, group });
      return {
        produce: { eventsPerSec: produced.recordsPerSec, peakRssMb: produced.peakRssMb },
        consume: { eventsPerSec: consumed.recordsPerSec, peakRssMb: consumed.peakRssMb },
      };
    } finally {
      await deleteTopics(admin, [topic]);
      await deleteGroups(admin, [group]);
    }
  });

type Samples = Map<string, { results: PipelineResult[]; notes: string; hub?: boolean }>;

/** A drain's steady part in words: its rate (`unit`), and its window in seconds after `since`. */
const steadyText = ({ perSec, fromS, toS }: NonNullable<PipelineResult['steady']>, unit: string, since: string): string =>
  `${Math.round(perSec).toLocaleString('en-US')}${unit}, ${fromS.toFixed(1)} to ${toS.toFixed(1)} s after ${since}`;

const errorLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

/** Runs every row once per round, `repeats` rounds, so noise spreads over all rows alike. */
const measureThroughput = async (o: BenchOptions, count: number, messageSize: number, repeats: number, progress: (line: string) => void): Promise<Samples> => {
  const samples: Samples = new Map();
  const record = (name: string, notes: string, hub: boolean | undefined, round: number, outcome: PipelineResult | Error): void => {
    const entry = samples.get(name) ?? { results: [], notes, hub };
    samples.set(name, entry);
    if (outcome instanceof Error) entry.notes = `FAILED: ${errorLine(outcome)}`;
    else entry.results.push(outcome);
    const steady = outcome instanceof Error || !outcome.steady ? '' : `; steady ${steadyText(outcome.steady, '/s', 'its start')}`;
    const figure = outcome instanceof Error ? entry.notes : `${Math.round(outcome.eventsPerSec).toLocaleString('en-US')} events/s${steady}`;
    progress(`round ${round}/${repeats}  ${name}: ${figure}`);
  };
  const pipelines: Array<PipelineUnderTest & { notes?: string }> = [
    { ...pipeAsPipeline(kafkajsPipe), notes: 'eachBatch → idempotent send, 3 partitions concurrently' },
    { ...pipeAsPipeline(platformaticPipe), notes: 'consume stream → producer stream, batches ≤ 1,000' },
    ...(o.pipelines ?? []),
  ];
  for (let round = 1; round <= repeats; round++) {
    for (const p of pipelines) {
      const outcome = await drainOnce(p, o.brokers, count, messageSize).catch((err: unknown) => new Error(errorLine(err)));
      record(p.name, p.notes ?? '', p.hub, round, outcome);
    }
    const java = await javaTools(o, count, messageSize).catch((err: unknown) => new Error(errorLine(err)));
    record('kafka ProducerPerformance', 'Java client, produce only, acks=all, idempotent', undefined, round, java instanceof Error ? java : java.produce);
    record('kafka ConsumerPerformance', 'Java client, consume only (fetch.nMsg.sec)', undefined, round, java instanceof Error ? java : java.consume);
  }
  return samples;
};

const toRows = (samples: Samples): ThroughputRow[] =>
  [...samples].map(([name, s]) => {
    const rss = s.results.map((r) => r.peakRssMb).filter((x): x is number => x !== undefined);
    const eventsPerSec = median(s.results.map((r) => r.eventsPerSec));
    // A row's own note is the median round's (its figures match the median printed beside it).
    const notes = [s.notes, s.results.find((r) => r.eventsPerSec === eventsPerSec)?.notes].filter(Boolean).join('; ');
    return {
      name, eventsPerSec, samples: s.results.map((r) => r.eventsPerSec),
      ...(rss.length > 0 ? { peakRssMb: Math.max(...rss) } : {}), notes, ...(s.hub ? { hub: true } : {}),
    };
  });

/** Runs the whole benchmark, prints the table, writes the JSON report and returns it. */
export const runBench = async (o: BenchOptions): Promise<BenchReport> => {
  const quick = o.quick ?? false;
  const settings = {
    quick,
    count: o.count ?? (quick ? 50_000 : 200_000),
    messageSize: o.messageSize ?? 512,
    repeats: o.repeats ?? 3,
    backlogCount: o.backlogCount ?? 1_000_000,
    latencyRatePerSec: o.latencyRatePerSec ?? 1_000,
    latencySeconds: o.latencySeconds ?? (quick ? 10 : 30),
  };
  const progress = o.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const date = new Date().toISOString();
  const broker = await brokerLoad(o.brokers, progress);

  const throughput = toRows(await measureThroughput(o, settings.count, settings.messageSize, settings.repeats, progress));

  const latency: BenchReport['latency'] = [];
  for (const pipe of [kafkajsPipe, platformaticPipe]) {
    progress(`latency  ${pipe.name}: ${settings.latencyRatePerSec}/s for ${settings.latencySeconds} s`);
    latency.push({ name: pipe.name, ...(await measureLatency(pipe, settings.latencyRatePerSec, settings.latencySeconds, { brokers: o.brokers, messageSize: settings.messageSize })) });
  }
  if (o.hubLatency) {
    progress(`latency  hub full pipeline: ${settings.latencyRatePerSec}/s for ${settings.latencySeconds} s`);
    latency.push({ name: 'hub full pipeline', ...(await o.hubLatency(settings.latencyRatePerSec, settings.latencySeconds)) });
  }

  // The hub must hold a large backlog in bounded memory; only full mode is big enough to tell.
  const backlog: BacklogRow[] = [];
  for (const p of quick ? [] : (o.pipelines ?? []).filter((x) => x.hub)) {
    progress(`backlog  ${p.name}: ${settings.backlogCount.toLocaleString('en-US')} messages`);
    const r = await drainOnce(p, o.brokers, settings.backlogCount, settings.messageSize);
    backlog.push({ name: p.name, count: settings.backlogCount, eventsPerSec: r.eventsPerSec, ...(r.peakRssMb === undefined ? {} : { peakRssMb: r.peakRssMb }),
      ...(r.peakParts ? { peakAnonMb: Math.round(r.peakParts.anonMb), peakFileMb: Math.round(r.peakParts.fileMb) } : {}) });
  }

  const report: BenchReport = {
    date, command: o.command ?? process.argv.slice(1).join(' '), machine: machineInfo(o.kafkaVersion, broker), settings, throughput, latency, backlog,
  };
  writeReport(o.resultsFile ?? path.join(benchDir, 'results', 'latest.json'), report);
  console.log(formatReport(report));
  return report;
};

const main = async (): Promise<void> => {
  const args = benchArgs(process.argv.slice(2));
  const { stackSettingsFrom, connectionsOf, stackStatus } = await import('../infra/index.ts');
  const { allRolesHubPipeline, hubPipeline, measureHubLatency, sameShapePipeline } = await import('./pipes/hub-pipeline.ts');
  const { reconciliationPipeline } = await import('./pipes/reconciliation-pipeline.ts');
  const stack = stackSettingsFrom(process.env);
  const brokers = connectionsOf(stack).kafkaBrokers;
  // Every row needs the broker, the registry and Redis: say so at once rather than through the
  // clients' retries.
  const down = (await stackStatus(stack)).filter((s) => !s.healthy);
  if (down.length > 0) {
    console.error(`bench: not reachable: ${down.map((s) => `${s.service} at ${s.address}`).join(', ')}; run \`npx hub stack up\` first (or set the address variables, docs/operations.md)`);
    process.exit(1);
  }
  if (args.mode === 'reconciliation') {
    // `npm run bench -- reconciliation [--count N]`: only the reconciliation row, printed.
    const { count } = args;
    const row = reconciliationPipeline();
    const ctx = { brokers, inputTopic: '', count, messageSize: 0 };
    await row.fill!(ctx);
    const r = await row.run(ctx);
    console.log(`${row.name}: ${Math.round(r.eventsPerSec).toLocaleString('en-US')} records/s, peak RSS ${r.peakRssMb} MiB; ${r.notes}`);
    return;
  }
  if (args.mode === 'drain') {
    // `npm run bench -- drain [--count N]`: only the hub's backlog drain (the full bench's last
    // table and its peak-RSS target), N chapter 11 reports after 5,000 chapter 2 ones; default 1,000,000.
    const { count } = args;
    const row = hubPipeline();
    const r = await drainOnce(row, brokers, count, 512);
    const mb = (n: number | undefined) => (n === undefined ? '—' : Math.round(n).toString());
    console.log(`${row.name}: ${Math.round(r.eventsPerSec).toLocaleString('en-US')} reports/s, peak RSS ${mb(r.peakRssMb)} MiB`
      + ` (highest anonymous ${mb(r.peakParts?.anonMb)}, file-backed ${mb(r.peakParts?.fileMb)}; at the largest sample ${mb(r.atPeak?.anonMb)} + ${mb(r.atPeak?.fileMb)}); ${r.notes}`);
    if (r.steady) {
      const { fromS, toS, perSec } = r.steady;
      console.log(`steady (a tenth to nine tenths of the receipts): ${steadyText(r.steady, ' reports/s', 'the hub was spawned')}`
        + ` (a profile of it: profile-parts --from ${fromS.toFixed(1)} --to ${toS.toFixed(1)} --reports ${Math.round(perSec * (toS - fromS))})`);
    }
    return;
  }
  if (args.mode === 'national') {
    // `npm run bench -- national [--quick]`: the country's memberships and reports through hub processes.
    const { runNational } = await import('./national.ts');
    const { mode: _, ...options } = args;
    await runNational({
      ...options, brokers, kafkaVersion: stack.kafka.version,
      command: `node --import tsx bench/run-bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
    });
    return;
  }
  await runBench({
    // The hub's first run records what it wrote; the same-shape row, right after it, writes that again.
    pipelines: ((shapes) => [hubPipeline(shapes), sameShapePipeline(shapes), allRolesHubPipeline(), reconciliationPipeline()])({}),
    hubLatency: (rate, seconds) => measureHubLatency(brokers, rate, seconds),
    quick: args.quick,
    brokers,
    kafkaVersion: stack.kafka.version,
    kafkaLibDir: path.join(stack.stackDir, 'cache', `kafka-${stack.kafka.version}`, 'lib'),
    command: `node --import tsx bench/run-bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
  });
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    // A usage mistake is said in its one line (exit 2); anything else with its stack (exit 1).
    if (err instanceof BenchUsageError) {
      console.error(`bench: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    console.error(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
