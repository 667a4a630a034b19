// The benchmark's verdict on issue 12's targets: each ratio is taken within one run, a miss says by how much.
import { describe, expect, it } from 'vitest';
import { targetLines, type BenchReport } from '../../bench/report.ts';
import { brokerLine } from '../../bench/machine.ts';

const report = (over: Partial<BenchReport> = {}): BenchReport => ({
  date: '2026-12-01T18:00:00.000Z', command: 'bench --quick',
  machine: { cpus: 2, cpuModel: 'test', memoryMb: 1024, platform: 'linux x64', kernel: '6', node: 'v20', kafka: '4.4.0' },
  settings: { quick: true, count: 50_000, messageSize: 512, repeats: 3, backlogCount: 1_000_000, latencyRatePerSec: 1_000, latencySeconds: 10 },
  throughput: [
    { name: 'kafkajs pipe', eventsPerSec: 40_000, samples: [40_000], notes: '' },
    { name: 'hub full pipeline', eventsPerSec: 4_000, samples: [4_000], peakRssMb: 240, notes: '', hub: true },
    { name: 'same-shape pipe', eventsPerSec: 8_000, samples: [8_000], notes: '' },
  ],
  latency: [{ name: 'hub full pipeline', ratePerSec: 1_000, seconds: 10, sent: 10_000, measured: 10_000, p50Ms: 20, p95Ms: 60, p99Ms: 120, maxMs: 150 }],
  backlog: [],
  ...over,
});

describe('targetLines', () => {
  it('sets the hub against the same-shape and kafkajs rows, its p99 and its peak RSS, saying how far a miss is', () => {
    expect(targetLines(report())).toEqual([
      ['hub ÷ same-shape pipe', '0.50', '≥ 0.6', 'no (1.2× short)'],
      ['hub ÷ kafkajs pipe', '0.10', '≥ 0.15', 'no (1.5× short)'],
      ['hub p99 at 1,000/s', '120.0 ms', '< 100 ms', 'no (+20.0 ms)'],
      ['hub peak RSS draining 50,000 (quick; wanted for 1,000,000)', '240 MiB', '< 256 MiB', 'yes'],
    ]);
  });

  it('takes the peak RSS from the backlog drain in full mode', () => {
    const lines = targetLines(report({ backlog: [{ name: 'hub full pipeline', count: 1_000_000, eventsPerSec: 5_000, peakRssMb: 250 }] }));
    expect(lines.at(-1)).toEqual(['hub peak RSS draining 1,000,000', '250 MiB', '< 256 MiB', 'yes']);
  });

  it('prints nothing without a hub row', () => {
    expect(targetLines(report({ throughput: [] }))).toEqual([]);
  });
});

describe('brokerLine', () => {
  it('says what the broker carried, and warns when so many partitions may slow every row', () => {
    expect(brokerLine({ topics: 40, partitions: 120 })).toBe('broker: 40 topics, 120 partitions before the run');
    expect(brokerLine({ topics: 5_802, partitions: 17_406 })).toMatch(/^broker: 5,802 topics, 17,406 partitions before the run \(BUSY: figures are lower than on an empty broker; /);
    expect(brokerLine(undefined)).toBe('');
  });
});
