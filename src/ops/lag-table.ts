import { textTable } from './compliance.ts';
import type { PartitionLag } from './lag.ts';

/**
 * The lag rows as a terminal table, in the column order of Kafka's consumer-groups tool, then the
 * instance owning each inbound partition and how far its state restore has come.
 */
export const lagTable = (rows: ReadonlyArray<PartitionLag & { owner?: string; state?: string }>): string =>
  textTable(
    ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'INSTANCE', 'STATE'],
    [...rows]
      .sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic) || a.partition - b.partition)
      .map((r) => [r.group, r.topic, String(r.partition), r.committedOffset ?? '-', r.endOffset, r.lag === null ? '-' : String(r.lag), r.owner ?? '-', r.state ?? '-']),
  );
