// The stores' write-ahead logs are copied into their files on a thread of the process's own (no
// services): the log does not wait for a commit to pass SQLite's limit, and the thread never keeps
// a process alive that is otherwise done.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPartitionStore } from '../../src/state/partition-store.ts';
import { INTERVAL_MS } from '../../src/state/wal-checkpointer.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs('hub-wal-');

describe('WAL checkpointer', () => {
  it('copies what a store committed into its database file while the store stays open', async () => {
    const dir = tempDir();
    const store = openPartitionStore(dir, 0);
    const file = path.join(dir, 'p0', 'state.sqlite');
    const before = fs.statSync(file).size;
    // About a megabyte of log, far below the limit at which a commit would checkpoint it itself.
    await store.apply(Array.from({ length: 20_000 }, (_, i) => ({ kind: 'membership' as const, personKey: `w${i}`, akasse: 'aak', fleksjob: false })), { medlemskab: 20_000n });
    expect(fs.statSync(file).size).toBe(before);
    const deadline = Date.now() + 10 * INTERVAL_MS;
    while (fs.statSync(file).size < 200_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fs.statSync(file).size).toBeGreaterThan(200_000);
    expect(store.person('w19999')).toEqual({ akasse: 'aak', fleksjob: false });
    await store.close();
  });

  it('lets a process that opened and closed a store exit by itself', () => {
    const dir = tempDir();
    const store = path.resolve('src/state/partition-store.ts');
    const code = `import { openPartitionStore } from ${JSON.stringify(store)};
      const s = openPartitionStore(${JSON.stringify(dir)}, 1);
      await s.apply([{ kind: 'delivered', reportId: 'a:1', at: 1 }], { leveringer: 1n });
      await new Promise((r) => setTimeout(r, ${3 * INTERVAL_MS}));
      const { statSync } = await import('node:fs');
      console.log(statSync(${JSON.stringify(path.join(dir, 'p1', 'state.sqlite'))}).size > 4096 ? 'checkpointed' : 'not checkpointed');
      await s.close();
      console.log('closed');`;
    // As an ES module (the flag reaches the evaluated worker too), the way a command runs the store.
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { timeout: 20_000, encoding: 'utf8' });
    expect({ status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, signal: null, stdout: 'checkpointed\nclosed\n', stderr: '' });
  });
});
