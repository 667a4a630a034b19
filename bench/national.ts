// The national scenario (issue 11, point 8): the country's memberships, then a large batch of reports,
// through real `hub start` processes. It measures what an operator meets: peak RSS per instance, time
// from process start to the first report processed (cold, after SIGTERM, after SIGKILL), and reports/s
// with one and with two instances in one group. The hub is a black box: the CLI, the environment and
// the topics are all this file relies on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kafka } from '../src/kafka/types.ts';
import { connectServices, type Services } from '../src/app/services.ts';
import { groupMemberCount } from '../src/kafka/partitioning.ts';
import { hubSettingsFrom } from '../infra/hub-settings.ts';
import { createReportPublisher } from '../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse, type SamplePerson } from '../src/producers/samples.ts';
import { copenhagenDate } from '../src/rules/calendar/index.ts';
import type { Submission } from '../src/producers/report-publisher.ts';
import { benchLogger, brokerLoad, withAdmin } from './bench-kafka.ts';
import { MARK_EVERY, spawnHubInstance, watchReceipts, type HubInstance, type ReceiptWatch } from './hub-instance.ts';
import { brokerLine, machineInfo, type MachineInfo } from './machine.ts';
import { runWithPeakRss } from './peak-rss.ts';
import { BenchUsageError, type NationalGc } from './args.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FUNDS = ['aak', '3f', 'hk', 'foa', 'krifa', 'ase', 'dfh'];
/** Reports published after each restart: the first of them to be processed marks the hub ready. */
const PROBES = 200;

export interface NationalOptions {
  brokers: string[];
  kafkaVersion: string;
  /** A tenth of the sizes. Default false. */
  quick?: boolean;
  /** Memberships imported; default 2,500,000 (quick 250,000). */
  memberships?: number;
  /**
   * Reports, half drained by one instance and half by two (a cold one joining a warm one); default
   * 1,000,000 (quick 100,000). The two then drain as many again, both warm.
   */
  reports?: number;
  /**
   * HUB_PARTITIONS of the run's topics; default 6: two instances (and three) share them evenly, where
   * three partitions leave one of a pair with two thirds of the work (operations.md: a multiple of the
   * instances).
   */
  partitions?: number;
  /**
   * The instances' garbage collector: `single-threaded` (default) runs each with node's
   * `--single-threaded-gc`, as docs/operations.md says to run instances that share their cores (here
   * the pair shares two with each other and with the broker); `parallel` runs them as the shebang alone
   * (V8's helper threads).
   */
  gc?: NationalGc;
  /** Where the JSON report goes; default bench/results/national-latest.json. */
  resultsFile?: string;
  command?: string;
  progress?: (line: string) => void;
}

const gcFlags = (gc: NationalGc): string[] => (gc === 'single-threaded' ? ['--single-threaded-gc'] : []);

/** One hub process's share of the scenario. */
export interface InstanceRun {
  instance: string;
  run: string;
  /** Seconds from the spawn (of a pair: the first one's) to the first receipt of a report published for this run. */
  startToFirstReportS?: number;
  /** Reports drained per second, first to last receipt of the run's backlog (all instances together). */
  reportsPerSec?: number;
  /**
   * The same over the backlog's second half only: by then a cold instance of a pair has restored
   * its share and both serve, so this is what a pair does once it runs, beside what it does from
   * its start.
   */
  secondHalfPerSec?: number;
  peakRssMb: number;
  /** The highest anonymous and file-backed (the Node binary and its libraries) parts sampled, MiB. */
  peakAnonMb?: number;
  peakFileMb?: number;
  /** `ok`, or how it ended (e.g. the process died before its first report). */
  outcome: string;
}

export interface NationalReport {
  date: string;
  command: string;
  machine: MachineInfo;
  settings: { memberships: number; reports: number; partitions: number; quick: boolean; gc: NationalGc };
  import: { seconds: number; peakRssMb: number; peakAnonMb: number; peakFileMb: number; exitCode: number | null; summary: string };
  publishReportsS: number;
  runs: InstanceRun[];
  /** Per instance, MiB on disk at the end: its partitions' stores, and the key service's index (null: never opened). */
  stateOnDisk?: Array<{ instance: string; storesMb: number; keyIndexMb: number | null }>;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** Why a process ended before it did its work, from the end of its output. */
const deathOf = (how: string, tail: string): string => {
  const line = /JavaScript heap out of memory|FATAL ERROR[^\n]*|Error:[^\n]*|hub: [^\n]*/.exec(tail)?.[0];
  return `died (${how})${line ? `: ${line.trim()}` : ''}`;
};

/** Writes the members list as CSV (the format a fund exports), in slices so the string stays small. */
const writeMembers = (file: string, persons: readonly SamplePerson[]): void => {
  fs.writeFileSync(file, 'cpr,akasse,fleksjob\n');
  for (let i = 0; i < persons.length; i += 100_000) {
    fs.appendFileSync(file, persons.slice(i, i + 100_000).map((p) => `${p.cpr},${p.akasse},false\n`).join(''));
  }
};

/** Each person enters kontaktgruppe 1 and then misses an interview: a state change read by the next report. */
const reportsOf = (tag: string, persons: readonly SamplePerson[], from: number, now: number): Submission[] => {
  const today = copenhagenDate(now);
  return persons.flatMap((p, i) => [kontaktgruppeStart(p, `${tag}-kg-${from + i}`, today, now), udeblivelse(p, `${tag}-ude-${from + i}`, today, now)]);
};

/** Publishes two reports per person through the SDK; ids are `<tag>-kg-<n>` and `<tag>-ude-<n>`. */
const publishAll = async (services: Services, tag: string, persons: readonly SamplePerson[], now: number): Promise<number> => {
  const { kafka, codec, topics, settings } = services;
  const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 2000 });
  let sent = 0;
  try {
    for (let i = 0; i < persons.length; i += 10_000) {
      const results = await publisher.publishMany(reportsOf(tag, persons.slice(i, i + 10_000), i, now));
      const refused = results.find((r) => !r.ok);
      if (refused) throw new Error(`the SDK refused a bench report: ${JSON.stringify(refused)}`);
      sent += results.length;
    }
  } finally {
    await publisher.close();
  }
  return sent;
};

/** Waits until the consumer group has `count` members; false after `timeoutMs` or once `givenUp()`. */
const waitForMembers = async (kafka: Kafka, groupId: string, count: number, timeoutMs: number, givenUp: () => boolean): Promise<boolean> => {
  for (const end = Date.now() + timeoutMs; Date.now() < end && !givenUp(); await new Promise((r) => setTimeout(r, 100))) {
    if ((await groupMemberCount(kafka, groupId)) === count) return true;
  }
  return false;
};

/** Deletes the run's topics, groups and Redis keys. */
const cleanUp = async (services: Services, prefix: string): Promise<void> => {
  await withAdmin(services.settings.kafkaBrokers, async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${prefix}.`));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  });
  for (const pattern of [`${prefix}:*`, `bull:${prefix}-*`]) {
    const keys = await services.redis.keys(pattern);
    for (let i = 0; i < keys.length; i += 1000) await services.redis.del(...keys.slice(i, i + 1000));
  }
};

/** The scenario's runs, in order; a run whose hub died ends the scenario there. */
const runInstances = async (o: {
  env: Record<string, string>; nodeFlags: readonly string[]; stateDir: string; watch: ReceiptWatch; services: Services; persons: readonly SamplePerson[];
  batch: number; progress: (line: string) => void; runs: InstanceRun[];
}): Promise<void> => {
  const { env, watch, services, persons, batch, progress, runs } = o;
  const now = Date.now();
  /** An instance with a state directory of its own and the scenario's node flags. */
  const spawnNamed = (name: string) => spawnHubInstance(name, { ...env, HUB_STATE_DIR: path.join(o.stateDir, name) }, o.nodeFlags);
  const drainTimeoutMs = (count: number) => 120_000 + count * 10;
  const firstReportTimeoutMs = 15 * 60_000;
  const probes = (tag: string, from: number) => persons.slice(persons.length - from - PROBES / 2, persons.length - from);

  /** Waits for the first and then all `count` receipts of `tag`; records one run per instance. */
  const observe = async (run: string, tag: string, count: number, instances: HubInstance[], rate: boolean): Promise<boolean> => {
    progress(`national  ${run}: waiting for the first of ${fmt(count)} reports`);
    const first = await watch.waitFor(tag, 1, firstReportTimeoutMs, instances);
    const all = first ? await watch.waitFor(tag, count, drainTimeoutMs(count), instances) : undefined;
    for (const i of instances) {
      const ended = i.child.exitCode !== null || i.child.signalCode !== null;
      const death = ended ? await i.exited : undefined;
      const outcome = all ? 'ok' : death ? deathOf(death.how, death.tail) : `not all ${fmt(count)} reports processed in time`;
      runs.push({
        instance: i.name, run, peakRssMb: i.peakRssMb(), peakAnonMb: Math.round(i.peakParts().anonMb), peakFileMb: Math.round(i.peakParts().fileMb), outcome,
        ...(first ? { startToFirstReportS: seconds(first.first - Math.min(...instances.map((x) => x.startedAt))) } : {}),
        ...(all && rate ? { reportsPerSec: Math.round((count - 1) / Math.max(0.001, (all.last - all.first) / 1000)) } : {}),
        ...(all && rate ? secondHalf(all, count) : {}),
      });
      progress(`national  ${i.name} ${run}: ${outcome}, first report ${fmt(runs.at(-1)!.startToFirstReportS, 1)} s, ${fmt(runs.at(-1)!.reportsPerSec)} reports/s, peak RSS ${fmt(runs.at(-1)!.peakRssMb)} MiB`);
    }
    return all !== undefined;
  };

  /** Reports/s from the receipt that made half the count to the last. */
  const secondHalf = (times: { last: number; marks: readonly number[] }, count: number) => {
    const mark = Math.floor(count / 2 / MARK_EVERY);
    const from = times.marks[mark - 1];
    return mark > 0 && from !== undefined ? { secondHalfPerSec: Math.round((count - mark * MARK_EVERY) / Math.max(0.001, (times.last - from) / 1000)) } : {};
  };

  // 1. One instance, cold (no state of its own yet), drains the first half of the reports.
  const a1 = spawnNamed('A');
  if (!(await observe(`cold start, one instance, ${fmt(batch)} reports`, 'b1', batch, [a1], true))) { await a1.kill(); return; }
  // 2. A clean stop (SIGTERM) and a start again: how soon the first new report is processed.
  progress(`national  A: SIGTERM → ${await a1.stop()}`);
  await publishAll(services, 'pclean', probes('pclean', 0), now);
  const a2 = spawnNamed('A');
  if (!(await observe('start after a clean stop (SIGTERM)', 'pclean', PROBES, [a2], false))) { await a2.kill(); return; }
  // 3. SIGKILL and a start again.
  progress(`national  A: SIGKILL → ${await a2.kill()}`);
  await publishAll(services, 'pkill', probes('pkill', PROBES), now);
  const a3 = spawnNamed('A');
  if (!(await observe('start after SIGKILL', 'pkill', PROBES, [a3], false))) { await a3.kill(); return; }
  progress(`national  A: SIGTERM → ${await a3.stop()}`);
  /**
   * A, then B once A has joined the rules group: a pair started together forms in one go on a broker
   * with Kafka's default `group.initial.rebalance.delay.ms` (3 s), where B would otherwise be a race on
   * the local broker (0 ms): the first member alone takes every partition and starts restoring the
   * ones it holds no state of, to give them away a second later.
   */
  const startPair = async (): Promise<HubInstance[]> => {
    const a = spawnNamed('A');
    const ended = () => a.child.exitCode !== null || a.child.signalCode !== null;
    if (!(await waitForMembers(services.kafka, `${env.HUB_TOPIC_PREFIX}.regler`, 1, firstReportTimeoutMs, ended))) progress('national  A did not join the group (ended, or not in time); starting B anyway');
    return [a, spawnNamed('B')];
  };

  // 4. Two instances in one group drain the second half (B is cold: no state directory yet).
  await publishAll(services, 'b2', persons.slice(batch / 2, batch), now);
  const pair = await startPair();
  if (!(await observe(`two instances, ${fmt(batch)} reports`, 'b2', batch, pair, true))) { for (const i of pair) await i.kill(); return; }
  for (const i of pair) progress(`national  ${i.name}: SIGTERM → ${await i.stop()}`);
  // 5. The same two, both warm now (each holds the stores of its share), drain a backlog of the same
  // size: like run 1, where the one instance's restore lies before its first receipt, no restore
  // falls inside the rate.
  await publishAll(services, 'b3', persons.slice(batch, batch * 3 / 2), now);
  const warmPair = await startPair();
  await observe(`two instances, both warm, ${fmt(batch)} reports`, 'b3', batch, warmPair, true);
  for (const i of warmPair) progress(`national  ${i.name}: SIGTERM → ${await i.stop()}`);
};

/** Runs the national scenario, prints its table, writes its JSON report and returns it. */
export const runNational = async (o: NationalOptions): Promise<NationalReport> => {
  const quick = o.quick ?? false;
  const settings = {
    quick,
    memberships: o.memberships ?? (quick ? 250_000 : 2_500_000),
    reports: o.reports ?? (quick ? 100_000 : 1_000_000),
    partitions: o.partitions ?? 6,
    gc: o.gc ?? 'single-threaded',
  };
  // Three backlogs of reports / 2 (two reports a person each) and two rounds of probes, each about a person of its own.
  const needed = (settings.reports / 2) * 3 / 2 + 2 * PROBES;
  if (settings.reports % 4 !== 0 || settings.memberships < needed) {
    throw new BenchUsageError(`national: --reports must be a multiple of 4 and --memberships at least 3/4 of it plus ${2 * PROBES} (reports ${settings.reports} needs ${needed} memberships; ${settings.memberships} given)`);
  }
  const progress = o.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const broker = await brokerLoad(o.brokers, progress);
  const prefix = `bench-national-${Date.now().toString(36)}`;
  const env = { HUB_TOPIC_PREFIX: prefix, HUB_REQUIRE_AGREEMENT: 'false', HUB_PARTITIONS: String(settings.partitions), KAFKA_BROKERS: o.brokers.join(',') };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-national-'));
  const services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), benchLogger, 'bench-national');
  const runs: InstanceRun[] = [];
  let watch: ReceiptWatch | undefined;
  try {
    progress(`national  ${fmt(settings.memberships)} persons: drawing CPR numbers and writing members.csv`);
    const persons = samplePersons(settings.memberships, FUNDS, 2025);
    const membersFile = path.join(dir, 'members.csv');
    writeMembers(membersFile, persons);
    progress(`national  hub members import --file members.csv (${fmt(fs.statSync(membersFile).size / 2 ** 20, 0)} MiB)`);
    const imported = await runWithPeakRss(process.execPath, [path.join(root, 'bin/hub.mjs'), 'members', 'import', '--file', membersFile, '--no-progress'], { env: { ...process.env, ...env, HUB_LOG_LEVEL: 'warn' } });
    if (imported.code !== 0) throw new Error(`hub members import failed (${imported.code}): ${imported.stderr.slice(-400)}`);
    fs.rmSync(membersFile);
    const summary = imported.stdout.trim().split('\n').at(-1) ?? '';
    progress(`national  ${summary} (peak RSS ${Math.round(imported.peakRssMb)} MiB)`);

    const batch = settings.reports / 2;
    const published = Date.now();
    progress(`national  publishing ${fmt(batch)} reports (${fmt(batch / 2)} persons: kontaktgruppe 1, then a missed interview)`);
    await publishAll(services, 'b1', persons.slice(0, batch / 2), published);
    const publishReportsS = seconds(Date.now() - published);
    watch = await watchReceipts(services.kafka, services.topics.kvitteringer, `${prefix}.bench-receipts`);
    await runInstances({ env, nodeFlags: gcFlags(settings.gc), stateDir: dir, watch, services, persons, batch, progress, runs });

    // The key service's index is opened only when a rules consumer met a key its partitions had not learnt.
    const stateOnDisk = fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isDirectory()).map((name) => {
      const instanceDir = path.join(dir, name);
      const indexDir = path.join(instanceDir, 'personnoegler');
      const keyIndex = diskBytes(indexDir);
      return { instance: name, storesMb: Math.round((diskBytes(instanceDir) - keyIndex) / 1024 / 1024), keyIndexMb: fs.existsSync(indexDir) ? Math.round(keyIndex / 1024 / 1024) : null };
    });
    const report: NationalReport = {
      date: new Date().toISOString(), command: o.command ?? process.argv.slice(1).join(' '), machine: machineInfo(o.kafkaVersion, broker), settings, stateOnDisk,
      import: { seconds: seconds(imported.durationMs), peakRssMb: Math.round(imported.peakRssMb), peakAnonMb: Math.round(imported.peakParts.anonMb), peakFileMb: Math.round(imported.peakParts.fileMb), exitCode: imported.code, summary },
      publishReportsS, runs,
    };
    const file = o.resultsFile ?? path.join(root, 'bench', 'results', 'national-latest.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(formatNational(report));
    return report;
  } finally {
    await watch?.close().catch(() => undefined);
    await cleanUp(services, prefix).catch((err: unknown) => progress(`national  clean-up failed: ${String(err)}`));
    await services.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/** The bytes allocated to the files under `target` (what `du` counts); 0 when absent. */
const diskBytes = (target: string): number => {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.blocks * 512;
  return fs.readdirSync(target).reduce((sum, name) => sum + diskBytes(path.join(target, name)), 0);
};

/** The printed table, and the issue's targets set against the figures. */
export const formatNational = (r: NationalReport): string => {
  const s = r.settings;
  const rows = r.runs.map((x) => [x.instance, x.run, fmt(x.startToFirstReportS, 1), fmt(x.reportsPerSec), fmt(x.secondHalfPerSec), fmt(x.peakRssMb), fmt(x.peakAnonMb), fmt(x.peakFileMb), x.outcome]);
  const header = ['instance', 'run', 'start → first report s', 'reports/s', '2nd half reports/s', 'peak RSS MiB', 'anon MiB', 'file MiB', 'outcome'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const find = (run: string) => r.runs.filter((x) => x.run.startsWith(run));
  const pairs = find('two instances');
  const warm = pairs.filter((x) => x.run.includes('both warm'));
  const joining = pairs.filter((x) => !x.run.includes('both warm'));
  const one = find('cold start')[0];
  const ratio = (two: InstanceRun | undefined, key: 'reportsPerSec' | 'secondHalfPerSec') =>
    (two?.[key] !== undefined && one?.[key] !== undefined ? fmt(two[key]! / one[key]!, 2) : '—');
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
  const after = (run: string, limitS: number) => {
    const x = find(run)[0]?.startToFirstReportS;
    return x === undefined ? undefined : x < limitS;
  };
  const m = r.machine;
  return [
    `${r.date}  ${m.cpus} CPUs (${m.cpuModel}), ${fmt(m.memoryMb)} MiB, node ${m.node}, Kafka ${m.kafka}`,
    ...(m.broker ? [brokerLine(m.broker)] : []),
    `national scenario: ${fmt(s.memberships)} memberships, ${fmt(s.reports)} reports, ${s.partitions} partitions${s.quick ? ' (--quick)' : ''}; instances' GC ${s.gc === 'single-threaded' ? 'single-threaded (node --single-threaded-gc; --gc parallel for V8\'s helper threads)' : 'parallel (V8\'s helper threads; the shebang\'s flags alone)'}`,
    `memberships: ${r.import.summary} (peak RSS of the import ${fmt(r.import.peakRssMb)} MiB; anonymous ${fmt(r.import.peakAnonMb)}, file-backed ${fmt(r.import.peakFileMb)})`,
    `first ${fmt(s.reports / 2)} reports published in ${fmt(r.publishReportsS, 1)} s`,
    ...(r.stateOnDisk ? [`state on disk at the end: ${r.stateOnDisk.map((d) => `${d.instance} stores ${fmt(d.storesMb)} MiB, key index ${d.keyIndexMb === null ? 'never opened' : `${fmt(d.keyIndexMb)} MiB`}`).join('; ')}`] : []),
    '', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '',
    `targets (issue 11): peak RSS < 256 MiB per instance with two instances: ${verdict(pairs.length > 0 && pairs.every((x) => x.outcome === 'ok') ? pairs.every((x) => x.peakRssMb < 256) : undefined)}`,
    `                    first report < 5 s after a clean stop: ${verdict(after('start after a clean stop', 5))}; < 30 s after SIGKILL: ${verdict(after('start after SIGKILL', 30))}`,
    `                    reports/s with two instances, both warm, ${fmt(warm[0]?.reportsPerSec)} vs one ${fmt(one?.reportsPerSec)} (${ratio(warm[0], 'reportsPerSec')}), not below: ${verdict(warm[0]?.reportsPerSec !== undefined && one?.reportsPerSec !== undefined ? warm[0].reportsPerSec >= one.reportsPerSec : undefined)}`,
    `                    (a cold B joining a warm A under the backlog, its restore inside the rate: ${fmt(joining[0]?.reportsPerSec)}, ${ratio(joining[0], 'reportsPerSec')} of one; second halves ${ratio(joining[0], 'secondHalfPerSec')})`,
    ...(s.quick ? ['                    (--quick: each drain lasts seconds, mostly the join and the rebalance; the pair\'s ratio is the full run\'s)'] : []),
  ].join('\n');
};
