// The profiling tools docs/performance.md counts with: the allocation sampler and the garbage
// collection summary loaded into a process, and the summaries of a CPU profile by part and of an allocation profile by function.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allocations, cpuParts, timelineOf, windowOf, type AllocationNode, type CpuProfile } from '../../bench/tools/profile-parts.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const sampler = fileURLToPath(new URL('../../bench/tools/allocation-sampling.mjs', import.meta.url));
const tempDir = tempDirs('hub-alloc-');

describe('allocation-sampling.mjs', () => {
  it('given a process that makes garbage, when it is stopped with SIGTERM, then its profile counts the garbage and it ends as the signal says', async () => {
    const dir = tempDir();
    // 300 rounds of 10,000 small objects, each round's let go when the next is made (over 100 MB in
    // all, well under 1 MB alive at the end), then it waits to be stopped.
    const child = spawn(process.execPath, ['--import', sampler, '-e',
      'for (let r = 0; r < 300; r++) { const a = []; for (let i = 0; i < 1e4; i++) a.push({ i }); globalThis.sink = a; } console.log("ready"); setInterval(() => {}, 1000)'], {
      env: { ...process.env, HUB_ALLOCATION_PROFILE_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.kill('SIGTERM');
    const [, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, sig) => resolve([code, sig])));
    expect(signal).toBe('SIGTERM');
    const file = path.join(dir, `Allocations-${child.pid}.heapprofile`);
    expect(stderr).toContain(file);
    const { total, byFunction } = allocations((JSON.parse(fs.readFileSync(file, 'utf8')) as { head: AllocationNode }).head);
    // node's own --heap-prof would count only what is alive at the end: a few MB here.
    expect(total).toBeGreaterThan(50e6);
    expect(byFunction[0]![0]).toMatch(/\[eval\]/);
  });
});

const gcSummary = fileURLToPath(new URL('../../bench/tools/gc-summary.mjs', import.meta.url));

describe('gc-summary.mjs', () => {
  it('given a process that keeps part of its garbage alive, when it ends, then its file counts scavenges and full collections with their mean time', async () => {
    const dir = tempDir();
    // 200 rounds of 10,000 small objects; every tenth round kept, so some survive scavenges and a
    // full collection is forced at the end (--expose-gc).
    const child = spawn(process.execPath, ['--expose-gc', '--import', gcSummary, '-e',
      'const kept = []; for (let r = 0; r < 200; r++) { const a = []; for (let i = 0; i < 1e4; i++) a.push({ i }); if (r % 10 === 0) kept.push(a); } gc(); console.log(kept.length)'], {
      env: { ...process.env, HUB_GC_SUMMARY_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, `gc-${child.pid}.json`), 'utf8')) as Record<string, { count: number; ms: number; meanMs: number }>;
    expect(summary.minor!.count).toBeGreaterThan(5);
    expect(summary.major!.count).toBeGreaterThanOrEqual(1);
    for (const t of Object.values(summary)) expect(t.meanMs).toBeCloseTo(t.ms / t.count, 0);
  });
});

describe('profile-parts', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  // The bundle's modules by the comments esbuild leaves: state from line 0, rules from 10, the shell from 20.
  const bundle = ['// src/state/changes.ts', ...Array(9).fill(''), '// src/rules/ch11/decide.ts', ...Array(9).fill(''), '// src/consumers/outputs.ts', ''].join('\n');
  const hub = '/repo/.hub-build/cli/hub.mjs';

  it('counts each sample to the nearest known part from the leaf up, modules of the bundle by its comments', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 5, 6, 7] },
        { id: 2, callFrame: frame('judge', hub, 21), children: [3, 4] }, // the shell
        { id: 3, callFrame: frame('checkCpr', hub, 12) }, // rules
        { id: 4, callFrame: frame('get', hub, 3), children: [8] }, // state
        { id: 5, callFrame: frame('(garbage collector)', '') },
        { id: 6, callFrame: frame('(idle)', '') },
        { id: 7, callFrame: frame('encode', 'file:///repo/node_modules/kafkajs/src/protocol/encoder.js'), children: [9] },
        { id: 8, callFrame: frame('unpack', 'file:///repo/node_modules/msgpackr/unpack.js') },
        { id: 9, callFrame: frame('copy', 'node:buffer') }, // a copy kafkajs asked for is kafkajs's
      ],
      samples: [2, 3, 3, 4, 8, 5, 6, 9, 7],
      timeDeltas: [1e6, 1e6, 1e6, 2e6, 1e6, 3e6, 5e6, 1e6, 1e6],
    };
    expect(cpuParts(profile, bundle)).toEqual([['idle', 5], ['state', 3], ['garbage collection', 3], ['rules', 2], ['kafkajs', 2], ['shell', 1]]);
  });

  // Samples closing at 0.5, 1.0, 1.5, 2.5 and 3.0 s: busy, idle, busy, idle, busy.
  const timed: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 3] },
      { id: 2, callFrame: frame('checkCpr', hub, 12) },
      { id: 3, callFrame: frame('(idle)', '') },
    ],
    samples: [2, 3, 2, 3, 2],
    timeDeltas: [0.5e6, 0.5e6, 0.5e6, 1e6, 0.5e6],
  };

  it('counts only the samples of a window, so that a drain is not mixed with the start', () => {
    expect(cpuParts(windowOf(timed, 1, 3), bundle)).toEqual([['rules', 1], ['idle', 1]]);
    expect(cpuParts(windowOf(timed, 0, Infinity), bundle)).toEqual([['rules', 1.5], ['idle', 1.5]]);
    expect(windowOf(timed, 3, 10).samples).toEqual([]);
  });

  it('says for each second how much of it was busy and how much idle', () => {
    expect(timelineOf(timed)).toEqual([
      { second: 0, busy: 0.5, idle: 0.5 },
      { second: 1, busy: 0.5, idle: 0 },
      { second: 2, busy: 0.5, idle: 1 },
    ]);
  });

  it('given a window and a count of reports on its command line, prints each part\'s seconds and microseconds a report; a bad count is refused with exit 2', async () => {
    const dir = tempDir();
    const profileFile = path.join(dir, 'timed.cpuprofile');
    const bundleFile = path.join(dir, 'hub.mjs');
    fs.writeFileSync(profileFile, JSON.stringify(timed));
    fs.writeFileSync(bundleFile, bundle);
    const tool = fileURLToPath(new URL('../../bench/tools/profile-parts.ts', import.meta.url));
    const run = (...args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', tool, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
    const counted = await run('--from', '1', '--to', '3', '--reports', '1000', profileFile, bundleFile);
    expect(counted.code).toBe(0);
    expect(counted.stdout.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/).join(' '))).toEqual([
      '1.00 s 1000.0 µs a report rules', '1.00 s 1000.0 µs a report idle', '2.00 s 2000.0 µs a report all',
    ]);
    const refused = await run('--reports', '2.5', profileFile, bundleFile);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('--reports wants a whole number of reports, got 2.5');
    const twice = await run('--reports', '10', profileFile, '--reports', '10');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('usage:');
    for (const mode of ['--timeline', '--allocations']) {
      const missing = await run(mode, path.join(dir, 'nowhere.cpuprofile'));
      expect(missing.code).toBe(2);
      expect(missing.stdout).toBe('');
      expect(missing.stderr.trim()).toBe(`profile-parts: no file ${path.join(dir, 'nowhere.cpuprofile')}`);
    }
    const timeline = await run('--timeline', profileFile);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout).toMatch(/^\s+0 s {2}busy/);
  }, 30_000);

  it('sums an allocation tree by function and by the nearest package on the stack', () => {
    const node = (functionName: string, url: string, selfSize: number, children: AllocationNode[] = []): AllocationNode => ({ callFrame: frame(functionName, url), selfSize, children });
    const head = node('(root)', '', 0, [
      node('outputsOf', hub, 300, [node('Buffer', 'node:buffer', 50)]),
      node('encode', 'file:///repo/node_modules/kafkajs/src/protocol/encoder.js', 100, [node('Buffer', 'node:buffer', 25)]),
    ]);
    const summed = allocations(head);
    expect(summed.total).toBe(475);
    expect(summed.byFunction[0]).toEqual(['outputsOf cli/hub.mjs:1', 300]);
    expect(summed.byPackage).toEqual([['the hub', 350], ['kafkajs', 125], ['node', 0]]);
  });
});
