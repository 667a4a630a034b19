// V8 settings the hub's process takes once it runs, beside the ones on the first line of
// bin/hub.mjs: that line is kept within the 127 bytes a Linux kernel before 5.1 reads of it, and
// these flags are read by the garbage collector each time it runs, so they work set here.
import v8 from 'node:v8';

/**
 * No allocation-site pretenuring. V8 starts allocating the objects of a site straight in the old
 * generation once most of them survive a scavenge, as a batch's records and requests do while a
 * backlog drains, and it keeps doing so when the load falls: at 1,000 reports/s after a drain the
 * old generation then filled with short-lived objects and was collected whole every 0.7 s, and the
 * reports waiting behind those collections were the latency's tail (docs/performance.md, "Latency
 * at 1,000 reports/s").
 */
export const V8_RUNTIME_FLAGS = ['--no-allocation-site-pretenuring'];

/** A V8 flag's name, whichever way it is written (`--no-` form, underscores, a value). */
export const flagNameOf = (flag) => flag.replace(/^--(no-)?/, '').replace(/=.*$/, '').replaceAll('_', '-');

/**
 * Sets them in this process, before anything else runs (bin/hub.mjs; the benchmark's floor, the
 * same). A flag given on node's command line wins: `node --allocation-site-pretenuring bin/hub.mjs`
 * (or HUB_BENCH_NODE_FLAGS) runs with V8's default, to measure the difference.
 */
export const useV8RuntimeFlags = (execArgv = process.execArgv) => {
  const given = new Set(execArgv.filter((a) => a.startsWith('--')).map(flagNameOf));
  for (const flag of V8_RUNTIME_FLAGS) if (!given.has(flagNameOf(flag))) v8.setFlagsFromString(flag);
};
