import { assignedTopicsOf } from '../kafka/client.ts';
import type { Admin } from '../kafka/types.ts';

/** One row of consumer lag, as Kafka's consumer-groups tool prints it. */
export interface PartitionLag {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset; null when it has committed none (the tool prints "-"). */
  readonly committedOffset: string | null;
  /** The partition's end offset, its high watermark (see {@link readLag}). */
  readonly endOffset: string;
  /** End offset minus committed offset; null when nothing is committed (the tool prints "-"). */
  readonly lag: number | null;
}

export interface OffsetAt {
  readonly partition: number;
  /** A Kafka offset as kafkajs gives it (a decimal string); "-1" means none. */
  readonly offset: string;
}

/**
 * Lag of one group on one topic: `LAG = LOG-END-OFFSET - CURRENT-OFFSET` per partition, the
 * definition `kafka-consumer-groups.sh --describe` uses. A partition without a committed offset
 * has no lag (not the whole log): that is how the tool shows it too. Pure.
 */
export const computeLag = (group: string, topic: string, endOffsets: readonly OffsetAt[], committed: readonly OffsetAt[]): PartitionLag[] => {
  const committedBy = new Map(committed.map((c) => [c.partition, c.offset]));
  return [...endOffsets]
    .sort((a, b) => a.partition - b.partition)
    .map((end) => {
      const raw = committedBy.get(end.partition);
      const has = raw !== undefined && BigInt(raw) >= 0n;
      const lag = has ? BigInt(end.offset) - BigInt(raw) : null;
      return {
        group, topic, partition: end.partition,
        committedOffset: has ? raw : null,
        endOffset: end.offset,
        // A committed offset past the end (a truncated log) shows as 0, never negative.
        lag: lag === null ? null : Number(lag < 0n ? 0n : lag),
      };
    });
};

/** Sum of the known lags; rows without a committed offset count nothing. */
export const totalLag = (rows: readonly PartitionLag[]): number => rows.reduce((sum, r) => sum + (r.lag ?? 0), 0);

/** Lag per group (summed over topics and partitions), for charts and alerts. */
export const lagByGroup = (rows: readonly PartitionLag[]): Array<{ group: string; lag: number; partitions: number }> => {
  const by = new Map<string, { group: string; lag: number; partitions: number }>();
  for (const r of rows) {
    const g = by.get(r.group) ?? { group: r.group, lag: 0, partitions: 0 };
    g.lag += r.lag ?? 0;
    g.partitions += 1;
    by.set(r.group, g);
  }
  return [...by.values()].sort((a, b) => a.group.localeCompare(b.group));
};

/** The groups to measure: fixed ones with the topics they read, and how to recognise the rest. */
export interface LagTargets {
  /** Groups always shown, with the topics they consume (the hub's own groups). */
  readonly fixed: ReadonlyArray<{ readonly group: string; readonly topics: readonly string[] }>;
  /** A topic whose consumers are shown too (the funds' topics `<prefix>.akasse.*`). */
  readonly watchTopic: (topic: string) => boolean;
}

const mapLimit = async <T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  }));
  return out;
};

/** Topics a running group's members are assigned (empty for a group without members). */
const assignedTopics = (members: ReadonlyArray<{ memberAssignment: Buffer }>): string[] => {
  const topics = new Set<string>();
  for (const m of members) {
    if (!m.memberAssignment || m.memberAssignment.length === 0) continue;
    try {
      for (const t of assignedTopicsOf(m.memberAssignment)) topics.add(t);
    } catch {
      // Not the classic consumer protocol's assignment: the group's commits still find it.
    }
  }
  return [...topics];
};

/**
 * Finds the consumer groups that read a watched topic (a fund's own group, whatever it is
 * named): those with committed offsets on it (OffsetFetch per group) and those whose running
 * members are assigned it but have committed nothing yet (DescribeGroups). The caller caches
 * the answer, since this asks every group on the cluster.
 */
export const discoverGroups = async (admin: Admin, targets: LagTargets): Promise<Array<{ group: string; topics: string[] }>> => {
  const fixed = new Set(targets.fixed.map((f) => f.group));
  const { groups } = await admin.listGroups();
  const candidates = groups.filter((g) => !fixed.has(g.groupId) && (g.protocolType === 'consumer' || g.protocolType === ''));
  const committed = await mapLimit(candidates, 8, async (g) => {
    const offsets = await admin.fetchOffsets({ groupId: g.groupId }).catch(() => []);
    return { group: g.groupId, topics: offsets.filter((t) => targets.watchTopic(t.topic) && t.partitions.some((p) => BigInt(p.offset) >= 0n)).map((t) => t.topic) };
  });
  const described = candidates.length === 0 ? [] : await admin.describeGroups(candidates.map((g) => g.groupId)).then((d) => d.groups, () => []);
  const assigned = new Map(described.map((d) => [d.groupId, assignedTopics(d.members).filter(targets.watchTopic)]));
  return committed
    .map((c) => ({ group: c.group, topics: [...new Set([...c.topics, ...(assigned.get(c.group) ?? [])])].sort() }))
    .filter((c) => c.topics.length > 0)
    .sort((a, b) => a.group.localeCompare(b.group));
};

/**
 * Reads lag for the given groups and topics. The end offset is the high watermark, the end Kafka's
 * consumer-groups tool uses: kafkajs's admin lists offsets without an isolation level
 * (read_uncommitted). Records of a transaction still open, and transaction markers, therefore count
 * as lag until a read_committed consumer passes them. Each topic's end offsets are read once; a
 * topic that does not exist (yet) is left out rather than waited for.
 */
export const readLag = async (admin: Admin, groups: ReadonlyArray<{ group: string; topics: readonly string[] }>): Promise<PartitionLag[]> => {
  const existing = new Set(await admin.listTopics());
  const topicSet = [...new Set(groups.flatMap((g) => g.topics))].filter((t) => existing.has(t));
  const ends = new Map<string, OffsetAt[]>();
  await mapLimit(topicSet, 8, async (topic) => {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => undefined);
    if (offsets) ends.set(topic, offsets.map((o) => ({ partition: o.partition, offset: o.offset })));
  });
  const rows = await mapLimit(groups, 8, async ({ group, topics }) => {
    const present = topics.filter((t) => ends.has(t));
    if (present.length === 0) return [];
    const committed = await admin.fetchOffsets({ groupId: group, topics: present });
    return committed.flatMap((c) => computeLag(group, c.topic, ends.get(c.topic)!, c.partitions));
  });
  return rows.flat();
};

/**
 * Keeps the list of groups to measure: the fixed ones always, discovered ones refreshed at most
 * every `discoverEveryMs` (default 30 000 ms), since discovery asks every group on the cluster.
 */
export const createLagReader = (admin: Admin, targets: LagTargets, options: { discoverEveryMs?: number; clock?: () => number } = {}) => {
  const clock = options.clock ?? Date.now;
  const every = options.discoverEveryMs ?? 30_000;
  let discovered: Array<{ group: string; topics: string[] }> = [];
  let discoveredAt = -Infinity;
  return {
    /** Lag of every measured group, or of the named groups only (all topics they committed on). */
    async read(onlyGroups?: readonly string[]): Promise<PartitionLag[]> {
      if (onlyGroups && onlyGroups.length > 0) {
        const named = await Promise.all(onlyGroups.map(async (group) => {
          const fixed = targets.fixed.find((f) => f.group === group);
          const committed = await admin.fetchOffsets({ groupId: group });
          const topics = [...new Set([...(fixed?.topics ?? []), ...committed.map((c) => c.topic)])];
          return { group, topics };
        }));
        return readLag(admin, named);
      }
      if (clock() - discoveredAt >= every) {
        discovered = await discoverGroups(admin, targets);
        discoveredAt = clock();
      }
      return readLag(admin, [...targets.fixed.map((f) => ({ group: f.group, topics: [...f.topics] })), ...discovered]);
    },
    /** Forget discovered groups so that the next read looks again. */
    rediscover(): void { discoveredAt = -Infinity; },
  };
};

export type LagReader = ReturnType<typeof createLagReader>;
