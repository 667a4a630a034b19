import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicNames } from '../config/topics.ts';
import { KAPITLER_MED_VIDEREGIVELSE } from '../rules/sharing/index.ts';

export interface ProvisionOptions {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly fundCodes: readonly string[];
}

const compacted = [{ name: 'cleanup.policy', value: 'compact' }];
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
    t(topics.kvitteringer),
    t(topics.doedeBreve, keptForever),
    t(topics.ventende),
    t(topics.alarmer),
    t(topics.datavarehus),
    ...KAPITLER_MED_VIDEREGIVELSE.map((k) => t(topics.danmarksStatistik(k))),
    t(topics.uvm),
    t(topics.audit, keptForever),
    ...o.fundCodes.map((code) => t(topics.fund(code))),
  ];
};

/** Creates whatever of the hub's topics is missing; existing topics are left as they are. */
export const provisionTopics = async (admin: Admin, topics: TopicNames, o: ProvisionOptions): Promise<string[]> => {
  const existing = new Set(await admin.listTopics());
  const missing = hubTopics(topics, o).filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    await admin.createTopics({ topics: missing, waitForLeaders: true }).catch(async (error: { type?: string }) => {
      if (error?.type === 'TOPIC_ALREADY_EXISTS') return; // another instance created it first
      // In a cluster of several brokers, one that has not yet seen the new topics answers
      // UNKNOWN_TOPIC_OR_PARTITION while kafkajs waits for leaders: the topics exist, wait here.
      if (error?.type === 'UNKNOWN_TOPIC_OR_PARTITION') return awaitLeaders(admin, missing.map((t) => t.topic));
      throw error;
    });
  }
  return missing.map((t) => t.topic);
};

/** Polls the metadata until every partition of `topics` has a leader (default 60 s). */
export const awaitLeaders = async (admin: Admin, topics: string[], timeoutMs = 60_000): Promise<void> => {
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
