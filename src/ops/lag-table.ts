import { textTable } from './compliance.ts';
import type { PartitionLag } from './lag.ts';

/** The lag rows as a terminal table, in the column order of Kafka's consumer-groups tool. */
export const lagTable = (rows: readonly PartitionLag[]): string =>
  textTable(
    ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG'],
    [...rows]
      .sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic) || a.partition - b.partition)
      .map((r) => [r.group, r.topic, String(r.partition), r.committedOffset ?? '-', r.endOffset, r.lag === null ? '-' : String(r.lag)]),
  );
