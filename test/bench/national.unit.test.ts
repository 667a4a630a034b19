// The national scenario's verdict on issue 11's throughput target: the pair set against one instance
// like for like (neither rate holds a restore), the cold join beside it.
import { describe, expect, it } from 'vitest';
import { formatNational, type InstanceRun, type NationalReport } from '../../bench/national.ts';

const run = (instance: string, name: string, over: Partial<InstanceRun> = {}): InstanceRun => ({ instance, run: name, peakRssMb: 200, outcome: 'ok', ...over });

const report = (runs: InstanceRun[], gc: NationalReport['settings']['gc'] = 'single-threaded'): NationalReport => ({
  date: '2026-12-04T19:00:00.000Z', command: 'bench national',
  machine: { cpus: 2, cpuModel: 'test', memoryMb: 1024, platform: 'linux x64', kernel: '6', node: 'v20', kafka: '4.4.0' },
  settings: { memberships: 2_500_000, reports: 1_000_000, partitions: 3, quick: false, gc },
  import: { seconds: 100, peakRssMb: 290, peakAnonMb: 240, peakFileMb: 50, exitCode: 0, summary: 'imported' },
  publishReportsS: 15,
  runs,
});

const one = run('A', 'cold start, one instance, 500,000 reports', { startToFirstReportS: 23, reportsPerSec: 10_000, secondHalfPerSec: 9_800 });
const joining = ['A', 'B'].map((i) => run(i, 'two instances, 500,000 reports', { reportsPerSec: 9_000, secondHalfPerSec: 10_290 }));
const warm = (perSec: number, rss = 200) => ['A', 'B'].map((i) => run(i, 'two instances, both warm, 500,000 reports', { reportsPerSec: perSec, peakRssMb: rss }));
const lines = (runs: InstanceRun[]) => formatNational(report(runs)).split('\n');

describe('formatNational', () => {
  it('sets the warm pair against one instance and shows the cold join with its ratio', () => {
    const out = lines([one, ...joining, ...warm(10_400)]);
    expect(out).toContain('                    reports/s with two instances, both warm, 10,400 vs one 10,000 (1.04), not below: met');
    expect(out).toContain('                    (a cold B joining a warm A under the backlog, its restore inside the rate: 9,000, 0.90 of one; second halves 1.05)');
  });

  it('says NOT met when the warm pair is below one instance, whatever the cold join did', () => {
    const out = lines([one, ...joining.map((r) => ({ ...r, reportsPerSec: 11_000 })), ...warm(9_700)]);
    expect(out.find((l) => l.includes('reports/s with two instances'))).toMatch(/9,700 vs one 10,000 \(0\.97\), not below: NOT met$/);
  });

  it('says how the instances collected garbage: the flag the docs give for instances sharing cores, or V8\'s helper threads', () => {
    const header = (gc: NationalReport['settings']['gc']) => formatNational(report([one], gc)).split('\n').find((l) => l.startsWith('national scenario:'));
    expect(header('single-threaded')).toMatch(/instances' GC single-threaded \(node --single-threaded-gc; --gc parallel for V8's helper threads\)$/);
    expect(header('parallel')).toMatch(/instances' GC parallel \(V8's helper threads; the shebang's flags alone\)$/);
  });

  it('says a quick run\'s pair ratio is not the one to read, and says nothing of it in a full run', () => {
    const quick = formatNational({ ...report([one, ...joining, ...warm(9_000)]), settings: { ...report([]).settings, quick: true } }).split('\n');
    expect(quick.at(-1)).toMatch(/^ +\(--quick: each drain lasts seconds, mostly the join and the rebalance; the pair's ratio is the full run's\)$/);
    expect(lines([one, ...joining, ...warm(9_000)]).some((l) => l.includes('--quick:'))).toBe(false);
  });

  it('holds every pair row to the memory budget, and measures nothing it did not run', () => {
    expect(lines([one, ...joining, ...warm(10_400, 260)]).find((l) => l.includes('peak RSS < 256'))).toMatch(/: NOT met$/);
    expect(lines([one, ...joining]).find((l) => l.includes('reports/s with two instances'))).toMatch(/not below: not measured$/);
  });
});
