// Sums up a profile of the hub by part, as docs/performance.md counts it.
//
//   node --import tsx bench/tools/profile-parts.ts CPU.cpuprofile [.hub-build/cli/hub.mjs]
//     a CPU profile (--cpu-prof): each sample goes to the nearest frame, from the leaf up, of a
//     known part (kafkajs, state, Avro, rules, ...); the bundle's modules are told apart by the
//     `// src/...` comments esbuild leaves in it, so pass the bundle the profiled process ran.
//     --from S and --to S count only the samples between those seconds of the profile, so that a
//     steady drain is not mixed with the start (compiling, restoring, waiting for the first batch);
//     --reports N adds each part's microseconds a report (`npm run bench -- drain` prints all three).
//   node --import tsx bench/tools/profile-parts.ts --timeline CPU.cpuprofile
//     each second of the profile, how much of it the thread was busy and how much idle.
//   node --import tsx bench/tools/profile-parts.ts --allocations Allocations-PID.heapprofile
//     an allocation profile (bench/tools/allocation-sampling.mjs): bytes by the allocating
//     function, the 30 largest, and by package.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame { readonly functionName: string; readonly url: string; readonly lineNumber: number }
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{ readonly id: number; readonly callFrame: CallFrame; readonly children?: readonly number[] }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}
export interface AllocationNode { readonly callFrame: CallFrame; readonly selfSize: number; readonly children: readonly AllocationNode[] }

/** Each sample with its weight and the time it closes, in µs after the profile began. */
const eachSample = (profile: CpuProfile, visit: (id: number, delta: number, closesAt: number) => void): void => {
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    visit(id, delta, at);
  });
};

/** The samples taken between `fromS` and `toS` seconds after the profile began (the time each sample closes). */
export const windowOf = (profile: CpuProfile, fromS: number, toS: number): CpuProfile => {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  eachSample(profile, (id, delta, at) => {
    if (at > fromS * 1e6 && at <= toS * 1e6) { samples.push(id); timeDeltas.push(delta); }
  });
  return { ...profile, samples, timeDeltas };
};

/** Per whole second of the profile, the seconds busy and idle (`(idle)` samples), in order. */
export const timelineOf = (profile: CpuProfile): Array<{ second: number; busy: number; idle: number }> => {
  const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const seconds: Array<{ second: number; busy: number; idle: number }> = [];
  eachSample(profile, (id, delta, at) => {
    const second = Math.max(0, Math.ceil(at / 1e6) - 1);
    while (seconds.length <= second) seconds.push({ second: seconds.length, busy: 0, idle: 0 });
    seconds[second]![idleIds.has(id) ? 'idle' : 'busy'] += delta / 1e6;
  });
  return seconds;
};

/** Seconds of a CPU profile by part of the hub, largest first; `bundle` is the text of the bundle the process ran. */
export const cpuParts = (profile: CpuProfile, bundle: string): Array<[part: string, seconds: number]> => {
  const marks: Array<[line: number, module: string]> = [];
  bundle.split('\n').forEach((line, i) => {
    const m = /^\/\/ ((src|node_modules)\/\S+)/.exec(line);
    if (m) marks.push([i, m[1]!]);
  });
  const moduleAt = (line: number): string => {
    let lo = 0, hi = marks.length - 1, found = '';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]![0] <= line) { found = marks[mid]![1]; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
  const partOf = ({ url, functionName, lineNumber }: CallFrame): string | undefined => {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return 'idle';
    if (url.includes('kafkajs')) return 'kafkajs';
    if (url.includes('sodium')) return 'signing';
    if (url.includes('avsc') || url.includes('confluent-schema-registry')) return 'Avro';
    if (url.includes('better-sqlite3') || url.includes('msgpackr')) return 'state';
    if (url.includes('prom-client')) return 'metrics';
    if (url.includes('pino')) return 'logging';
    if (!url.includes('hub.mjs')) return undefined;
    const module = moduleAt(lineNumber);
    if (module.includes('person-keys/person-key.ts')) return 'lookup ids and person keys';
    if (module.startsWith('src/state/')) return 'state';
    if (/logical-types|registry\.ts|codec/.test(module)) return 'Avro';
    if (module.includes('notification-signing')) return 'signing';
    if (module.startsWith('src/rules/')) return 'rules';
    if (module.startsWith('src/consumers/')) return 'shell';
    if (module.startsWith('src/kafka/')) return 'Kafka edge';
    if (/src\/ops\/|metrics/.test(module)) return 'metrics';
    return `other: ${module}`;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const parts = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    let at: number | undefined = id;
    let part: string | undefined;
    while (at !== undefined && !(part = partOf(byId.get(at)!.callFrame))) at = parent.get(at);
    part ??= 'node internals, no known caller';
    parts.set(part, (parts.get(part) ?? 0) + micros);
  }
  return [...parts].map(([part, micros]): [string, number] => [part, micros / 1e6]).sort((a, b) => b[1] - a[1]);
};

/** Bytes of an allocation profile by allocating function and by package (the nearest on the stack), largest first. */
export const allocations = (head: AllocationNode) => {
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  const visit = (node: AllocationNode, owner: string): void => {
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('hub.mjs') ? 'the hub' : owner);
    const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    total += node.selfSize;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + node.selfSize);
    for (const child of node.children) visit(child, pkg);
  };
  visit(head, 'node');
  const largest = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, byFunction: largest(byFunction), byPackage: largest(byPackage) };
};

const main = (args: readonly string[]): number => {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1).padStart(8);
  /** Whether one of `files` is not there, said so (and what it is, when `what` knows), not left to a stack trace. */
  const absent = (files: readonly string[], what: (file: string) => string = () => ''): boolean => {
    const missing = files.find((file) => !fs.existsSync(file));
    if (missing !== undefined) console.error(`profile-parts: no file ${missing}${what(missing)}`);
    return missing !== undefined;
  };
  if (args[0] === '--allocations' && args[1]) {
    if (absent([args[1]])) return 2;
    const { total, byFunction, byPackage } = allocations((JSON.parse(fs.readFileSync(args[1], 'utf8')) as { head: AllocationNode }).head);
    console.log(`${mb(total)} MB allocated (sampled)`);
    for (const [name, bytes] of byFunction.slice(0, 30)) console.log(`${mb(bytes)} MB  ${name}`);
    console.log('by package (the nearest one on the stack):');
    for (const [name, bytes] of byPackage.slice(0, 8)) console.log(`${mb(bytes)} MB  ${name}`);
    return 0;
  }
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  if (args[0] === '--timeline' && args[1]) {
    if (absent([args[1]])) return 2;
    for (const { second, busy, idle } of timelineOf(read(args[1]))) console.log(`${String(second).padStart(4)} s  busy ${busy.toFixed(2)}  idle ${idle.toFixed(2)}`);
    return 0;
  }
  const rest = [...args];
  const bounds = { from: 0, to: Infinity, reports: 0 };
  for (const flag of ['--from', '--to', '--reports'] as const) {
    const at = rest.indexOf(flag);
    if (at < 0) continue;
    const value = Number(rest[at + 1]);
    if (!Number.isFinite(value) || value < 0 || (flag === '--reports' && !Number.isInteger(value))) {
      console.error(`profile-parts: ${flag} wants ${flag === '--reports' ? 'a whole number of reports' : 'seconds from the profile\'s start'}, got ${rest[at + 1] ?? 'nothing'}`);
      return 2;
    }
    bounds[flag.slice(2) as 'from' | 'to' | 'reports'] = value;
    rest.splice(at, 2);
  }
  if (bounds.from >= bounds.to) {
    console.error(`profile-parts: --from ${bounds.from} is not before --to ${bounds.to}`);
    return 2;
  }
  const [profileFile, bundle = '.hub-build/cli/hub.mjs'] = rest;
  if (!profileFile || rest.length > 2 || rest.some((arg) => arg.startsWith('--'))) {
    console.error('usage: node --import tsx bench/tools/profile-parts.ts [--from S] [--to S] [--reports N] CPU.cpuprofile [bundle] | --timeline CPU.cpuprofile | --allocations FILE.heapprofile');
    return 2;
  }
  if (absent([profileFile, bundle], (file) => (file === bundle ? ' (the bundle the profiled process ran; `npx hub` builds it)' : ''))) return 2;
  const parts = cpuParts(windowOf(read(profileFile), bounds.from, bounds.to), fs.readFileSync(bundle, 'utf8'));
  const perReport = (seconds: number) => (bounds.reports > 0 ? `${((seconds * 1e6) / bounds.reports).toFixed(1).padStart(7)} µs a report  ` : '');
  for (const [part, seconds] of parts) console.log(`${seconds.toFixed(2).padStart(7)} s  ${perReport(seconds)}${part}`);
  const all = parts.reduce((sum, [, s]) => sum + s, 0);
  console.log(`${all.toFixed(2).padStart(7)} s  ${perReport(all)}all`);
  return 0;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Read through `| head`: a reader that has had enough is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE') throw error; });
  process.exitCode = main(process.argv.slice(2));
}
