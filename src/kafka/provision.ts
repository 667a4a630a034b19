import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicNames } from '../config/topics.ts';
import { KAPITLER_MED_VIDEREGIVELSE } from '../rules/sharing/index.ts';
import { HubError } from '../shared/errors.ts';

export interface ProvisionOptions {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly fundCodes: readonly string[];
  /**
   * How long a dead letter is kept, in ms. It holds the original report (CPR number included, as
   * on every topic that carries reports) for an operator to replay; past this it is deleted.
   * Default 30 days (`DEFAULT_DEAD_LETTER_RETENTION_MS`).
   */
  readonly deadLetterRetentionMs?: number;
  /** `retention.ms` of each fund topic; -1 keeps records for ever. Default {@link FUND_RETENTION_MS}. */
  readonly fundRetentionMs?: number;
}

export const DEFAULT_DEAD_LETTER_RETENTION_MS = 30 * 24 * 3_600_000;

/** A fund topic keeps its notifications 30 days: a fund away for longer re-reads no further back. */
export const FUND_RETENTION_MS = 30 * 24 * 3_600_000;

const compacted = [{ name: 'cleanup.policy', value: 'compact' }];
/**
 * Delivered report ids and offers' states are needed as long as a resend or an offer's end can
 * come: compacted, and removed after 400 days (a year's offer and its corrections).
 */
const compactedFor400Days = [{ name: 'cleanup.policy', value: 'compact,delete' }, { name: 'retention.ms', value: String(400 * 24 * 3_600_000) }];
/** The audit log is append-only and kept: nothing is deleted by age. */
const keptForever = [{ name: 'retention.ms', value: '-1' }];

/** The topics the hub needs, with their configuration. */
export const hubTopics = (topics: TopicNames, o: ProvisionOptions): ITopicConfig[] => {
  const minIsr = o.replicationFactor >= 3 ? [{ name: 'min.insync.replicas', value: '2' }] : [];
  const t = (topic: string, configEntries: { name: string; value: string }[] = []): ITopicConfig => ({
    topic, numPartitions: o.partitions, replicationFactor: o.replicationFactor, configEntries: [...configEntries, ...minIsr],
  });
  return [
    t(topics.indberetninger),
    t(topics.medlemskab, compacted),
    t(topics.personstatus, compacted),
    t(topics.leveringer, compactedFor400Days),
    // The person-key mapping is kept as long as the hub runs: compacted, and nothing deleted by age.
    t(topics.personnoegler, compacted),
    t(topics.kvitteringer),
    t(topics.doedeBreve, [{ name: 'retention.ms', value: String(o.deadLetterRetentionMs ?? DEFAULT_DEAD_LETTER_RETENTION_MS) }]),
    t(topics.ventende),
    t(topics.alarmer),
    t(topics.datavarehus),
    ...KAPITLER_MED_VIDEREGIVELSE.map((k) => t(topics.danmarksStatistik(k))),
    t(topics.uvm),
    t(topics.audit, keptForever),
    t(topics.bevillinger),
    t(topics.udbetalinger),
    t(topics.afvigelser, compacted),
    t(topics.afstemning, compacted),
    ...o.fundCodes.map((code) => t(topics.fund(code), [{ name: 'retention.ms', value: String(o.fundRetentionMs ?? FUND_RETENTION_MS) }])),
  ];
};

/** Creates whatever of the hub's topics is missing; existing topics are left as they are. */
export const provisionTopics = async (admin: Admin, topics: TopicNames, o: ProvisionOptions): Promise<string[]> => {
  const existing = new Set(await admin.listTopics());
  const missing = hubTopics(topics, o).filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    await createTopicsWithLeaders(admin, missing).catch((error: { type?: string }) => {
      if (error?.type !== 'TOPIC_ALREADY_EXISTS') throw error; // else another instance created it first
    });
  }
  await assertCopartitioned(admin, topics);
  return missing.map((t) => t.topic);
};

/**
 * The state topics must have the inbound topic's partition count: a person's membership and the
 * rules consumer's changelog records live on the partition of that person's reports, and an
 * instance restores only the partitions it owns.
 */
export const assertCopartitioned = async (admin: Admin, topics: TopicNames): Promise<void> => {
  const names = [topics.indberetninger, topics.medlemskab, topics.personstatus, topics.leveringer, topics.datavarehus, topics.bevillinger, topics.udbetalinger, topics.afstemning];
  // A broker of a cluster that has not yet seen topics created moments ago answers
  // UNKNOWN_TOPIC_OR_PARTITION for a while: they exist, so ask again.
  await awaitLeaders(admin, names);
  const meta = await admin.fetchTopicMetadata({ topics: names });
  const counts = names.map((n) => [n, meta.topics.find((t) => t.name === n)?.partitions.length ?? 0] as const);
  const [, expected] = counts[0]!;
  const off = counts.filter(([, c]) => c !== expected);
  if (off.length > 0) {
    throw new HubError('TOPICS_NOT_COPARTITIONED', `${off.map(([n, c]) => `${n} has ${c} partitions`).join(', ')}, but ${topics.indberetninger} has ${expected}: the state topics and the grant and payment topics must have the inbound topic's partition count (recreate them with that count: adding partitions later moves keys)`);
  }
};

/**
 * Creates topics and returns once every partition has a leader. A broker that has not yet seen the
 * new topics (another node of a cluster, or a broker started moments ago) answers
 * UNKNOWN_TOPIC_OR_PARTITION while kafkajs waits for leaders: the topics exist, so wait here.
 */
export const createTopicsWithLeaders = async (admin: Admin, topics: ITopicConfig[]): Promise<void> => {
  await admin.createTopics({ topics, waitForLeaders: true }).catch(async (error: { type?: string }) => {
    if (error?.type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
    await awaitLeaders(admin, topics.map((t) => t.topic));
  });
};

/** Polls the metadata until every partition of `topics` has a leader (default 60 s). */
const awaitLeaders = async (admin: Admin, topics: string[], timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics });
      if (meta.topics.length === topics.length && meta.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without a leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};
