import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flagNameOf, V8_RUNTIME_FLAGS } from '../../bin/v8-runtime-flags.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'v8-flags-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A preload that reports, on stderr, each flag handed to `v8.setFlagsFromString` (and still sets it), in order. */
const preload = path.join(dir, 'record-flags.mjs');
fs.writeFileSync(preload, `import v8 from 'node:v8';
const set = v8.setFlagsFromString;
v8.setFlagsFromString = (flag) => { process.stderr.write('v8 flag: ' + flag + '\\n'); set(flag); };
`);

/** Runs `script` under node, `nodeFlags` first, with the preload: the flags it set. */
const flagsSetBy = (script: string[], nodeFlags: string[] = []): { flags: string[]; status: number | null } => {
  const run = spawnSync(process.execPath, [...nodeFlags, '--import', preload, ...script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const flags = run.stderr.split('\n').filter((l) => l.startsWith('v8 flag: ')).map((l) => l.slice('v8 flag: '.length));
  return { flags, status: run.status };
};

describe('the V8 flags the hub sets once it runs', () => {
  it('turns allocation-site pretenuring off', () => {
    expect(V8_RUNTIME_FLAGS).toContain('--no-allocation-site-pretenuring');
  });

  it('are set by the hub command itself, whatever it is asked (bin/hub.mjs, as npx hub and npm start run it)', () => {
    const { flags, status } = flagsSetBy([path.join(root, 'bin/hub.mjs'), '--help']);
    expect(status).toBe(0);
    expect(flags).toEqual(V8_RUNTIME_FLAGS);
  });

  it('leave a flag given on node\'s command line as given, in either form', () => {
    for (const given of ['--allocation-site-pretenuring', '--no-allocation_site_pretenuring']) {
      const { flags, status } = flagsSetBy([path.join(root, 'bin/hub.mjs'), '--help'], [given]);
      expect(status).toBe(0);
      expect(flags).toEqual([]);
    }
  });

  it('are flags this node accepts (an unknown one would be ignored without a word)', () => {
    // node's --v8-options lists the flags V8 knows, each with its `--no-` form for a boolean.
    const known = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    for (const flag of V8_RUNTIME_FLAGS) {
      expect(known).toMatch(new RegExp(`^\\s+--${flagNameOf(flag).replace(/-/g, '[-_]')}\\b`, 'm'));
    }
  });
});
