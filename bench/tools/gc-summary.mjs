// Counts a hub process's garbage collections by kind and their time: how many scavenges (the young
// generation) and full collections a drain costs, and how long each takes on average. Loaded into the
// hub by the bench:
//   HUB_BENCH_NODE_FLAGS="--import ./bench/tools/gc-summary.mjs" npm run bench -- drain --count 100000
// and written, every second and at the end, to $HUB_GC_SUMMARY_DIR (default: the current folder) as
// gc-<pid>.json: per kind (minor, major, incremental, weakcb) the count, the total and the mean in ms.
// The whole process's life is counted, its start and restore included.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
const totals = {};

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = KINDS[entry.detail?.kind] ?? `kind ${entry.detail?.kind}`;
    const t = (totals[kind] ??= { count: 0, ms: 0 });
    t.count++;
    t.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const file = path.join(process.env.HUB_GC_SUMMARY_DIR ?? process.cwd(), `gc-${process.pid}.json`);
const write = () => {
  const summary = Object.fromEntries(Object.entries(totals).map(([kind, t]) => [kind, { count: t.count, ms: Math.round(t.ms), meanMs: Number((t.ms / t.count).toFixed(2)) }]));
  writeFileSync(file, `${JSON.stringify(summary)}\n`);
};
// Written every second as well: a process stopped by a signal may not reach 'exit' handlers of ours.
setInterval(write, 1000).unref();
process.on('exit', write);
