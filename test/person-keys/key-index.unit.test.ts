// The person key index on disk (SQLite in a temporary folder; no services): what it applied and how
// far it read survive a reopen, the first proposal for a lookup id wins, and an index it cannot read
// is made anew (it only copies the mapping topic, which is read again).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openKeyIndex } from '../../src/person-keys/key-index.ts';
import { isUnreadableDatabase } from '../../src/state/sqlite-files.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs('hub-keyindex-');
const id = (n: number) => n.toString(16).padStart(32, '0');

describe('person key index', () => {
  it('keeps keys, positions and its count across a reopen; the first proposal wins and records read again change nothing', async () => {
    const dir = tempDir();
    const index = openKeyIndex(dir);
    await index.apply(0, [{ lookupId: id(1), personKey: 'pk-a' }, { lookupId: id(1), personKey: 'pk-b' }, { lookupId: id(2), personKey: 'pk-c' }], 3n);
    await index.apply(1, [{ lookupId: id(1), personKey: 'pk-d' }, { lookupId: id(3), personKey: 'pk-e' }], 2n);
    await index.apply(0, [{ lookupId: id(4), personKey: 'pk-f' }], 3n); // read again: already applied
    expect([index.get(id(1)), index.get(id(2)), index.get(id(3)), index.get(id(4)), index.size()]).toEqual(['pk-a', 'pk-c', 'pk-e', undefined, 3]);
    // A second process on the machine (here a second handle) reads what the first wrote.
    const beside = openKeyIndex(dir);
    expect(beside.get(id(3))).toBe('pk-e');
    await beside.close();
    await index.close();
    const again = openKeyIndex(dir);
    expect([again.position(0), again.position(1), again.position(7), again.get(id(1)), again.size()]).toEqual([3n, 2n, 0n, 'pk-a', 3]);
    await again.close();
  });

  it('makes anew an index that is not a database, of another format, or LMDB\'s of earlier versions', async () => {
    const writers: ((dir: string) => void)[] = [
      (dir) => fs.writeFileSync(path.join(dir, 'index.sqlite'), 'x'.repeat(20_000)),
      (dir) => { const db = new Database(path.join(dir, 'index.sqlite')); db.pragma('user_version = 9'); db.exec('CREATE TABLE t (x)'); db.close(); },
      (dir) => fs.writeFileSync(path.join(dir, 'data.mdb'), Buffer.alloc(8192)),
    ];
    for (const write of writers) {
      const dir = tempDir();
      write(dir);
      const index = openKeyIndex(dir);
      expect([index.position(0), index.size(), fs.existsSync(path.join(dir, 'data.mdb'))]).toEqual([0n, 0, false]);
      await index.apply(0, [{ lookupId: id(5), personKey: 'pk-g' }], 1n);
      expect(index.get(id(5))).toBe('pk-g');
      await index.close();
    }
  });

  it('tells a file SQLite cannot read from an error that is not the file\'s fault', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'not.sqlite'), 'not a database at all, but long enough to have a header');
    let refused: unknown;
    try {
      new Database(path.join(dir, 'not.sqlite')).pragma('schema_version');
    } catch (e) {
      refused = e;
    }
    expect(isUnreadableDatabase(refused)).toBe(true);
    expect([{ code: 'SQLITE_CORRUPT_INDEX' }, { code: 'SQLITE_BUSY' }, { code: 'SQLITE_CANTOPEN' }, new Error('x'), null].map(isUnreadableDatabase)).toEqual([true, false, false, false, false]);
  });
});
