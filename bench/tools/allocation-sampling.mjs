// Samples what a hub process allocates, the objects the garbage collector has already taken back
// included (node's own --heap-prof keeps only those still alive at its end, which says nothing of
// the garbage). Loaded into the hub by the bench:
//   HUB_BENCH_NODE_FLAGS="--import ./bench/tools/allocation-sampling.mjs" npm run bench -- drain --count 100000
// and written, when the process is stopped, to $HUB_ALLOCATION_PROFILE_DIR (default: the current
// folder) as Allocations-<pid>.heapprofile: open it in Chrome DevTools (Memory), or sum it up with
// `node --import tsx bench/tools/profile-parts.ts --allocations FILE`.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
await post('HeapProfiler.enable');
// One sample per 32 KiB allocated on average.
await post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });

let written = false;
const write = () => {
  if (written) return;
  written = true;
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) return void process.stderr.write(`allocation sampling: ${error.message}\n`);
    const file = path.join(process.env.HUB_ALLOCATION_PROFILE_DIR ?? process.cwd(), `Allocations-${process.pid}.heapprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    process.stderr.write(`allocation sampling: written to ${file}\n`);
  });
};
// The profile is written first (the inspector answers at once); the hub's own handlers then stop it
// as usual. Alone on a signal, this listener would keep a process alive: it then ends it as the
// signal would have.
const onSignal = (signal) => {
  write();
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
};
process.prependListener('SIGTERM', onSignal);
process.prependListener('SIGINT', onSignal);
process.on('beforeExit', write);
