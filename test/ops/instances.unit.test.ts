// Which instance owns which inbound partition, and how far its restore has come, beside the lag.
import { describe, expect, it } from 'vitest';
import { withOwners } from '../../src/ops/instances.ts';
import type { PartitionLag } from '../../src/ops/lag.ts';

const row = (topic: string, partition: number): PartitionLag => ({ group: 'hub.regler', topic, partition, committedOffset: '5', endOffset: '7', lag: 2 });

describe('withOwners', () => {
  it('names the owner and restore state on the inbound topic\'s rows only', () => {
    const rows = withOwners([row('hub.indberetninger', 0), row('hub.indberetninger', 1), row('hub.indberetninger', 2), row('hub.ventende', 0)], 'hub.indberetninger', [
      { instance: 'a-1', startedAt: '', partitions: [{ partition: 0, phase: 'ready', remaining: 0, entries: 12 }] },
      { instance: 'b-2', startedAt: '', partitions: [{ partition: 1, phase: 'restoring', remaining: 340, entries: 3 }] },
    ]);
    expect(rows.map((r) => [r.partition, r.owner, r.state])).toEqual([
      [0, 'a-1', 'ready (12 entries)'], [1, 'b-2', 'restoring (340 to go)'], [2, undefined, undefined], [0, undefined, undefined],
    ]);
  });
});
