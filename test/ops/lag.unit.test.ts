import { describe, expect, it } from 'vitest';
import { computeLag, lagByGroup, lagTable, totalLag } from '../../src/ops/index.ts';

describe('computeLag: LAG = LOG-END-OFFSET − CURRENT-OFFSET, as kafka-consumer-groups.sh prints it', () => {
  it('gives each partition its lag, sorted by partition', () => {
    const rows = computeLag('g', 't', [{ partition: 1, offset: '10' }, { partition: 0, offset: '7' }], [{ partition: 0, offset: '4' }, { partition: 1, offset: '10' }]);
    expect(rows).toEqual([
      { group: 'g', topic: 't', partition: 0, committedOffset: '4', endOffset: '7', lag: 3 },
      { group: 'g', topic: 't', partition: 1, committedOffset: '10', endOffset: '10', lag: 0 },
    ]);
  });

  it('shows no lag (the tool\'s "-") where the group committed nothing, not the whole log', () => {
    const rows = computeLag('g', 't', [{ partition: 0, offset: '50' }, { partition: 1, offset: '5' }], [{ partition: 0, offset: '-1' }]);
    expect(rows.map((r) => [r.committedOffset, r.lag])).toEqual([[null, null], [null, null]]);
    expect(totalLag(rows)).toBe(0);
  });

  it('never shows a negative lag when the committed offset is past a truncated end', () => {
    expect(computeLag('g', 't', [{ partition: 0, offset: '3' }], [{ partition: 0, offset: '9' }])[0]!.lag).toBe(0);
  });

  it('handles offsets beyond 2^53 exactly', () => {
    expect(computeLag('g', 't', [{ partition: 0, offset: '9007199254740999' }], [{ partition: 0, offset: '9007199254740990' }])[0]!.lag).toBe(9);
  });

  it('sums per group and prints the tool\'s columns', () => {
    const rows = [
      ...computeLag('b', 't', [{ partition: 0, offset: '5' }], [{ partition: 0, offset: '1' }]),
      ...computeLag('a', 't', [{ partition: 0, offset: '5' }, { partition: 1, offset: '2' }], [{ partition: 0, offset: '3' }, { partition: 1, offset: '1' }]),
    ];
    expect(lagByGroup(rows)).toEqual([{ group: 'a', lag: 3, partitions: 2 }, { group: 'b', lag: 4, partitions: 1 }]);
    const table = lagTable(rows).split('\n');
    expect(table[0]).toMatch(/^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG\s+INSTANCE\s+STATE$/);
    expect(table[2]).toMatch(/^a\s+t\s+0\s+3\s+5\s+2\s+-\s+-$/);
  });
});
