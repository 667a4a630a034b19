import type { Redis } from 'ioredis';
import type { Admin, Kafka } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import type { Logger } from '../shared/logger.ts';
import { copenhagenDate } from '../rules/calendar/index.ts';
import { complianceReport, latenessByKommune, type AlarmFacts, type ComplianceRow, type Period, type ReceiptFacts } from './compliance.ts';
import { readCompliance } from './compliance-reader.ts';
import { replayedKey, type DoedtBrev, type ReplayRecord } from './dead-letters.ts';
import { readInstances, withOwners } from './instances.ts';
import { createLagReader, lagByGroup, totalLag, type LagTargets, type PartitionLag } from './lag.ts';
import { createQueueReader, type QueueDepth, type WaitingReport } from './queue-depth.ts';
import { followTopics } from './topic-follower.ts';
import { afstemningSummary, selectAfvigelser, type AfstemningRow, type AfvigelseRecord, type AfvigelseUdvalg } from '../reconciliation/index.ts';

/** The names the operations view measures. */
export interface OpsTargets {
  /** The rules consumer's and the scheduler's groups (`<prefix>.regler`, `<prefix>.planlaegger`), and the reconciliation consumer's (`<prefix>.afstemning`). */
  readonly groups: { readonly rules: string; readonly scheduler: string; readonly reconciliation?: string };
  /** BullMQ queue names: the waiting queue and the push queue. */
  readonly queues: { readonly ventende: string; readonly push: string };
}

/** The hub's lag targets: its own groups, and any group that reads a fund topic. */
export const hubLagTargets = (topics: TopicNames, groups: OpsTargets['groups']): LagTargets => {
  const fundPrefix = topics.fund('');
  return {
    fixed: [
      { group: groups.rules, topics: [topics.indberetninger] }, { group: groups.scheduler, topics: [topics.ventende] },
      ...(groups.reconciliation ? [{ group: groups.reconciliation, topics: [topics.datavarehus, topics.bevillinger, topics.udbetalinger] }] : []),
    ],
    watchTopic: (t) => t.startsWith(fundPrefix) && t.length > fundPrefix.length,
  };
};

interface DeadLetterSummary {
  readonly id: string;
  readonly kode: string;
  readonly aarsag: string;
  readonly indberetningId: string | null;
  readonly kildesystem: string | null;
  readonly tidspunkt: string;
}

/** Everything the dashboard shows, as one JSON document. */
export interface OpsOverview {
  readonly generatedAt: string;
  /** Lag rows; those of the inbound topic name the instance owning the partition and its restore state. */
  readonly lag: { readonly rows: Array<PartitionLag & { owner?: string; state?: string }>; readonly byGroup: ReturnType<typeof lagByGroup>; readonly total: number };
  /** The running `hub start` processes: what each runs and how many inbound partitions it owns. */
  readonly instances: Array<{ readonly instance: string; readonly startedAt: string; readonly roles: readonly string[]; readonly partitions: number }>;
  readonly queues: QueueDepth[];
  readonly waiting: { readonly held: number; readonly awaitingFund: number; readonly items: WaitingReport[] };
  readonly alarms: { readonly missing: number; readonly unroutable: number; readonly byKommune: Array<{ kommunekode: string; count: number }>; readonly recent: AlarmFacts[] };
  readonly deadLetters: { readonly total: number; readonly replayed: number; readonly byCode: Array<{ code: string; count: number }>; readonly recent: Array<DeadLetterSummary & { replayed: ReplayRecord | null }> };
  readonly receipts: { readonly reports: number; readonly byUdfald: Record<string, number> };
  readonly compliance: { readonly period: Period; readonly rows: ComplianceRow[]; readonly byKommune: ReturnType<typeof latenessByKommune> };
  /** Reconciliation of registrations with grants and payments (docs/reconciliation.md). */
  readonly reconciliation: { readonly open: number; readonly closed: number; readonly rows: AfstemningRow[]; readonly recentOpen: AfvigelseRecord[] };
}

const countBy = <T>(items: readonly T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};

/**
 * The operations view behind the dashboard and `/api/ops/*`: lag and queue depths are read on
 * each request (lag must match Kafka's own tool at that moment); receipts, alarms and dead
 * letters are followed from their topics into memory, so the page costs no topic scans.
 */
export const createOpsView = async (deps: {
  kafka: Kafka; codec: HubCodec; topics: TopicNames; redis: Redis; logger: Logger; targets: OpsTargets;
  /** Days back from today the dashboard's compliance panel covers. Default 30. */
  complianceDays?: number;
  clock?: () => number;
}) => {
  const clock = deps.clock ?? Date.now;
  const logger = deps.logger.child({ component: 'ops-view' });
  const admin: Admin = deps.kafka.admin();
  await admin.connect();
  const lagReader = createLagReader(admin, hubLagTargets(deps.topics, deps.targets.groups));
  const queues = createQueueReader(deps.redis, [deps.targets.queues.ventende, deps.targets.queues.push]);

  const days = deps.complianceDays ?? 30;
  // Only the dashboard's window is held in memory; older periods are read from the topic (readCompliance).
  const windowStart = () => clock() - (days + 1) * 86_400_000;
  const receipts = new Map<string, ReceiptFacts>();
  const alarms = new Map<string, AlarmFacts>();
  // The newest dead letters in full, every one counted; there should be few, but a flood must not fill memory.
  const deadLetters: DeadLetterSummary[] = [];
  const deadLetterCodes = new Map<string, number>();
  let deadLetterTotal = 0;
  const KEEP_DEAD_LETTERS = 1000;
  // Reconciliation's discrepancies, latest state per id (the compacted topic's view).
  const afvigelser = new Map<string, AfvigelseRecord>();
  const follower = await followTopics(deps.kafka, [deps.topics.kvitteringer, deps.topics.alarmer, deps.topics.doedeBreve, deps.topics.afvigelser], async (topic, partition, message) => {
    if (!message.value) return;
    try {
      if (topic === deps.topics.afvigelser) {
        const a = await deps.codec.decode<AfvigelseRecord>(message.value);
        afvigelser.set(a.afvigelseId, a);
      } else if (topic === deps.topics.kvitteringer) {
        const r = await deps.codec.decode<ReceiptFacts>(message.value);
        if (Date.parse(r.modtagetTidspunkt) < windowStart()) return;
        const seen = receipts.get(r.indberetningId);
        if (!seen || r.behandletTidspunkt >= seen.behandletTidspunkt) {
          receipts.set(r.indberetningId, { indberetningId: r.indberetningId, kommunekode: r.kommunekode, paragraf: r.paragraf, vurdering: r.vurdering, udfald: r.udfald, modtagetTidspunkt: r.modtagetTidspunkt, behandletTidspunkt: r.behandletTidspunkt });
        }
      } else if (topic === deps.topics.alarmer) {
        const a = await deps.codec.decode<AlarmFacts>(message.value);
        alarms.set(a.alarmId, { alarmId: a.alarmId, type: a.type, kommunekode: a.kommunekode, fristdato: a.fristdato, tidspunkt: a.tidspunkt });
      } else {
        const d = await deps.codec.decode<DoedtBrev>(message.value);
        deadLetters.push({ id: `${partition}:${message.offset}`, kode: d.kode, aarsag: d.aarsag, indberetningId: d.indberetningId, kildesystem: d.kildesystem, tidspunkt: d.tidspunkt });
        if (deadLetters.length > KEEP_DEAD_LETTERS) deadLetters.shift();
        deadLetterCodes.set(d.kode, (deadLetterCodes.get(d.kode) ?? 0) + 1);
        deadLetterTotal++;
      }
    } catch (error) {
      logger.warn({ err: error, topic, partition, offset: message.offset }, 'ops view could not decode a message; skipped');
    }
  }, `${deps.topics.indberetninger}.ops-view`);

  const periodEndingToday = (): Period => {
    const to = copenhagenDate(clock());
    const from = copenhagenDate(clock() - days * 86_400_000);
    return { from, to };
  };

  /** The dashboard's window, from memory. */
  const compliance = () => {
    const period = periodEndingToday();
    const rows = complianceReport([...receipts.values()], [...alarms.values()], period);
    return { period, rows, byKommune: latenessByKommune(rows) };
  };

  /** Any period, read from the receipts and alarms topics. */
  const complianceFor = async (period: Period) => {
    const rows = await readCompliance(deps, period);
    return { period, rows, byKommune: latenessByKommune(rows) };
  };

  let cached: { at: number; value: Promise<OpsOverview> } | undefined;
  const build = async (): Promise<OpsOverview> => {
    const [lagRows, instances, depths, waitingItems, replayed] = await Promise.all([
      lagReader.read(),
      readInstances(deps.redis, deps.topics.prefix),
      queues.depths(),
      queues.waitingReports(deps.targets.queues.ventende),
      deps.redis.hgetall(replayedKey(deps.topics.doedeBreve)),
    ]);
    const rows = withOwners(lagRows, deps.topics.indberetninger, instances);
    const alarmList = [...alarms.values()].sort((a, b) => b.tidspunkt.localeCompare(a.tidspunkt));
    const missing = alarmList.filter((a) => a.type === 'MANGLENDE_INDBERETNING');
    return {
      generatedAt: new Date(clock()).toISOString(),
      lag: { rows, byGroup: lagByGroup(rows), total: totalLag(rows) },
      instances: instances.map((i) => ({ instance: i.instance, startedAt: i.startedAt, roles: i.roles ?? ['all'], partitions: i.partitions.length })),
      queues: depths,
      waiting: { held: waitingItems.filter((w) => w.grund === 'TILBAGEHOLDT').length, awaitingFund: waitingItems.filter((w) => w.grund === 'AFVENTER_AKASSE').length, items: waitingItems.slice(0, 20) },
      alarms: {
        missing: missing.length,
        unroutable: alarmList.filter((a) => a.type === 'IKKE_ROUTBAR').length,
        byKommune: [...countBy(missing, (a) => a.kommunekode)].map(([kommunekode, count]) => ({ kommunekode, count })).sort((a, b) => b.count - a.count),
        recent: alarmList.slice(0, 10),
      },
      deadLetters: {
        total: deadLetterTotal,
        replayed: Object.keys(replayed).length,
        byCode: [...deadLetterCodes].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count),
        recent: deadLetters.slice(-10).reverse().map((d) => ({ ...d, replayed: replayed[d.id] ? (JSON.parse(replayed[d.id]!) as ReplayRecord) : null })),
      },
      receipts: { reports: receipts.size, byUdfald: Object.fromEntries(countBy([...receipts.values()], (r) => r.udfald)) },
      compliance: compliance(),
      reconciliation: reconciliation(),
    };
  };

  /** The dashboard's reconciliation section: open and closed discrepancies per municipality and paragraph. */
  const reconciliation = () => {
    const all = [...afvigelser.values()];
    const open = all.filter((a) => a.status === 'AABEN');
    return { open: open.length, closed: all.length - open.length, rows: afstemningSummary(all), recentOpen: open.sort((a, b) => b.aabnetTidspunkt.localeCompare(a.aabnetTidspunkt)).slice(0, 10) };
  };

  return {
    /** The dashboard's document; computed at most once a second however many pages poll. */
    overview(): Promise<OpsOverview> {
      const now = clock();
      if (!cached || now - cached.at >= 1000) {
        cached = { at: now, value: build() };
        cached.value.catch(() => { cached = undefined; });
      }
      return cached.value;
    },
    /** Lag of every measured group, or of the named groups. */
    lag: (groups?: readonly string[]) => lagReader.read(groups),
    compliance,
    complianceFor,
    /** Discrepancies of a municipality (or all) whose period overlaps from–to, with their summary: what `hub reconcile` prints. */
    afstemning(u: AfvigelseUdvalg) {
      const rows = selectAfvigelser([...afvigelser.values()], u);
      return { udvalg: u, rows, summary: afstemningSummary(rows) };
    },
    async stop(): Promise<void> {
      await follower.stop();
      await queues.close();
      await admin.disconnect().catch(() => undefined);
    },
  };
};

export type OpsView = Awaited<ReturnType<typeof createOpsView>>;
