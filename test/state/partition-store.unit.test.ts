// One partition's store on disk (SQLite in a temporary folder; no services): changes and the
// checkpoint are written together and survive a reopen, and a wipe forgets both.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openPartitionStore, storedCheckpoint, wipePartitionStore } from '../../src/state/partition-store.ts';
import { tempDirs } from '../support/temp-dirs.ts';

/** A store file of format `format` as SQLite holds it (the tables of format 6, the first in SQLite). */
const writeOtherFormat = (dir: string, format = 5) => {
  fs.mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, 'state.sqlite'));
  db.exec(`CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID; CREATE TABLE markers (m BLOB PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID; PRAGMA user_version = ${format};`);
  db.prepare('INSERT INTO meta VALUES (?, ?)').run('checkpoint', JSON.stringify({ medlemskab: '9' }));
  // A membership of fund 'a' as the store packs it: MessagePack bin 8 of the flag byte and the code.
  db.prepare('INSERT INTO kv VALUES (?, ?)').run(Buffer.from('m:f1'), Buffer.from([0xc4, 2, 2, 0x61]));
  db.close();
};
const tempDir = tempDirs('hub-store-');

describe('partition store', () => {
  it('keeps changes and the checkpoint across a reopen, and moves only the topics named', async () => {
    const dir = tempDir();
    const store = openPartitionStore(dir, 2);
    expect(store.checkpoint()).toEqual({});
    await store.apply([
      { kind: 'membership', personKey: 'k1', akasse: 'aak', fleksjob: false },
      { kind: 'kontaktgruppe', personKey: 'k1', kontaktgruppe: 2, at: 100 },
      { kind: 'delivered', reportId: 'sys:r1', at: 100 },
      { kind: 'offer', offerId: 'sys:t1', offer: { ended: false, slutdato: '2026-12-24' } },
    ], { medlemskab: 5n, personstatus: 1n });
    await store.apply([{ kind: 'kontaktgruppe', personKey: 'k1', kontaktgruppe: 7, at: 50 }], { personstatus: 2n });
    await store.close();

    const again = openPartitionStore(dir, 2);
    expect(again.checkpoint()).toEqual({ medlemskab: 5n, personstatus: 2n });
    expect(again.person('k1')).toEqual({ akasse: 'aak', fleksjob: false, kontaktgruppe: 2 }); // the older record lost
    expect(again.delivered('sys:r1')).toBe(true);
    expect(again.delivered('sys:r2')).toBe(false);
    expect(again.offer('sys:t1')).toEqual({ ended: false, slutdato: '2026-12-24' });
    await again.apply([{ kind: 'membership', personKey: 'k1', akasse: null, fleksjob: false }]);
    expect(again.person('k1')).toEqual({ kontaktgruppe: 2 });
    expect(again.checkpoint()).toEqual({ medlemskab: 5n, personstatus: 2n });
    await again.close();
  });

  it('keeps a membership\'s lookup id inside its one entry, across a reopen, until a tombstone', async () => {
    const dir = tempDir();
    const lookupId = 'c0ffee00112233445566778899aabbcc';
    const store = openPartitionStore(dir, 3);
    const before = store.entries();
    await store.apply([{ kind: 'membership', personKey: 'k9', akasse: 'aak', fleksjob: false, lookupId }]);
    expect(store.entries() - before).toBe(1);
    await store.apply([{ kind: 'membership', personKey: 'k8', akasse: '3f', fleksjob: true, lookupId: lookupId.replace('c0', 'd1') }]);
    expect(store.entries() - before).toBe(2); // one entry per member
    await store.close();
    const again = openPartitionStore(dir, 3);
    expect([again.lookupIdOf('k9'), again.lookupIdOf('k8')]).toEqual([lookupId, lookupId.replace('c0', 'd1')]);
    expect(again.person('k9')).toEqual({ akasse: 'aak', fleksjob: false });
    await again.apply([{ kind: 'membership', personKey: 'k9', akasse: null, fleksjob: false }]);
    expect([again.lookupIdOf('k9'), again.person('k9')]).toEqual([undefined, {}]);
    await again.close();
  });

  it('keeps memberships and delivered ids in few bytes, every combination read back as written', async () => {
    const dir = tempDir();
    const store = openPartitionStore(dir, 4);
    const lookupId = '00ff00112233445566778899aabbccdd';
    const longId = `sagssystem-a:${'7'.repeat(36)}`;
    await store.apply([
      { kind: 'membership', personKey: 'f1', akasse: 'dfh', fleksjob: true, lookupId },
      { kind: 'membership', personKey: 'f2', akasse: null, fleksjob: true },
      { kind: 'membership', personKey: 'f3', akasse: 'kristelig-fagforening', fleksjob: false },
      { kind: 'membership', personKey: 'f4', akasse: 'ase', fleksjob: false, lookupId: lookupId.replace('00ff', 'ffff') },
      { kind: 'delivered', reportId: longId, at: 1 },
      { kind: 'delivered', reportId: 'sys:short', at: 1 },
    ]);
    await store.close();
    const again = openPartitionStore(dir, 4);
    expect(['f1', 'f2', 'f3', 'f4'].map((k) => again.person(k))).toEqual([
      { akasse: 'dfh', fleksjob: true }, { fleksjob: true }, { akasse: 'kristelig-fagforening', fleksjob: false }, { akasse: 'ase', fleksjob: false },
    ]);
    expect(['f1', 'f2', 'f3', 'f4'].map((k) => again.lookupIdOf(k))).toEqual([lookupId, undefined, undefined, lookupId.replace('00ff', 'ffff')]);
    // Every report id is kept by a digest: found again, and an id differing in one character is not.
    expect([again.delivered(longId), again.delivered(`${longId.slice(0, -1)}8`), again.delivered('sys:short'), again.delivered('sys:shorT')]).toEqual([true, false, true, false]);
    await again.close();
  });

  it('keeps delivered markers packed: 120,000 in under 24 bytes of file each, each found again', async () => {
    const dir = tempDir();
    const store = openPartitionStore(dir, 6);
    const ids = Array.from({ length: 120_000 }, (_, i) => `sagssystem-${i % 5}:${i}`);
    await store.apply(ids.slice(0, 20_000).map((reportId) => ({ kind: 'delivered' as const, reportId, at: 1 })), { leveringer: 20_000n });
    await store.apply(ids.slice(20_000).map((reportId) => ({ kind: 'delivered' as const, reportId, at: 1 })), { leveringer: 120_000n });
    expect(store.entries()).toBeGreaterThanOrEqual(ids.length);
    await store.close();
    // The markers' own table, keyed by their 12 bytes alone (no row id, no index beside it); as a
    // table with row ids and an index on the marker, each would take about 45 bytes.
    expect(fs.statSync(path.join(dir, 'p6', 'state.sqlite')).size / ids.length).toBeLessThan(24);
    const again = openPartitionStore(dir, 6);
    expect(ids.every((id) => again.delivered(id))).toBe(true);
    expect(ids.some((id) => again.delivered(`${id}x`))).toBe(false);
    await again.close();
  });

  it('keeps a person\'s entries under the 16 bytes of the person key: a smaller file than as text, each read back', async () => {
    const { newPersonKey } = await import('../../src/person-keys/person-key.ts');
    const { createHash } = await import('node:crypto');
    const bytes = (i: number) => createHash('sha256').update(String(i)).digest().subarray(0, 16);
    const n = 40_000;
    const fileBytes = async (partition: number, keyOf: (i: number) => string) => {
      const dir = tempDir();
      const store = openPartitionStore(dir, partition);
      await store.apply(Array.from({ length: n }, (_, i) => ({ kind: 'membership' as const, personKey: keyOf(i), akasse: 'aak', fleksjob: false })));
      await store.apply([{ kind: 'kontaktgruppe', personKey: keyOf(7), kontaktgruppe: 3, at: 1 }]);
      await store.close();
      const again = openPartitionStore(dir, partition);
      expect([again.person(keyOf(7)), again.person(keyOf(n - 1)), again.person(`${keyOf(7)}x`)]).toEqual([
        { akasse: 'aak', fleksjob: false, kontaktgruppe: 3 }, { akasse: 'aak', fleksjob: false }, {},
      ]);
      await again.close();
      return fs.statSync(path.join(dir, `p${partition}`, 'state.sqlite')).size;
    };
    // The same 16 bytes as a person key, and as 32 hex digits (the old keyed hash's form, kept as text).
    const asBytes = await fileBytes(7, (i) => newPersonKey(bytes(i)));
    const asText = await fileBytes(8, (i) => bytes(i).toString('hex'));
    expect(asBytes).toBeLessThan(asText * 0.8);
  });

  it('rebuilds a store written in an earlier format or by the earlier engine (it is restored from the changelogs)', async () => {
    const dir = tempDir();
    // A SQLite store of another format, holding a checkpoint and a membership.
    writeOtherFormat(path.join(dir, 'p5'));
    const store = openPartitionStore(dir, 5);
    expect([store.checkpoint(), store.person('f1')]).toEqual([{}, {}]);
    await store.close();
    // An LMDB environment of formats 1–5 (its data file, whatever it holds), with a store beside it.
    const p4 = openPartitionStore(dir, 4);
    await p4.apply([{ kind: 'delivered', reportId: 'a:1', at: 1 }], { leveringer: 4n });
    await p4.close();
    fs.writeFileSync(path.join(dir, 'p4', 'data.mdb'), Buffer.alloc(8192));
    const again = openPartitionStore(dir, 4);
    expect([again.checkpoint(), again.delivered('a:1'), fs.existsSync(path.join(dir, 'p4', 'data.mdb'))]).toEqual([{}, false, false]);
    await again.close();
  });

  it('a wiped partition starts empty, and other partitions keep theirs', async () => {
    const dir = tempDir();
    const p0 = openPartitionStore(dir, 0);
    const p1 = openPartitionStore(dir, 1);
    await p0.apply([{ kind: 'delivered', reportId: 'a:1', at: 1 }], { leveringer: 1n });
    await p1.apply([{ kind: 'delivered', reportId: 'b:1', at: 1 }], { leveringer: 1n });
    await p0.close();
    wipePartitionStore(dir, 0);
    const fresh = openPartitionStore(dir, 0);
    expect(fresh.delivered('a:1')).toBe(false);
    expect(fresh.checkpoint()).toEqual({});
    expect(p1.delivered('b:1')).toBe(true);
    await fresh.close();
    await p1.close();
  });

  it('reads a closed store\'s checkpoint without keeping it open, and none of a store of another format or of a file that is not a database', async () => {
    const dir = tempDir();
    expect(await storedCheckpoint(dir, 0)).toBeUndefined();
    const p0 = openPartitionStore(dir, 0);
    await p0.apply([{ kind: 'delivered', reportId: 'a:1', at: 1 }], { leveringer: 4n, medlemskab: 9n });
    await p0.close();
    expect(await storedCheckpoint(dir, 0)).toEqual({ leveringer: 4n, medlemskab: 9n });
    writeOtherFormat(path.join(dir, 'p1'));
    expect(await storedCheckpoint(dir, 1)).toBeUndefined();
    // A file that is not a database (a disk or a hand that wrote over it), short or long: an error
    // SQLite reports, and the store is made anew.
    for (const garbage of ['not a database', 'x'.repeat(20_000)]) {
      fs.mkdirSync(path.join(dir, 'p2'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'p2', 'state.sqlite'), garbage);
      expect(await storedCheckpoint(dir, 2)).toBeUndefined();
      const p2 = openPartitionStore(dir, 2);
      expect([p2.checkpoint(), p2.delivered('a:1')]).toEqual([{}, false]);
      await p2.apply([{ kind: 'delivered', reportId: 'a:1', at: 1 }], { leveringer: 1n });
      await p2.close();
      expect(await storedCheckpoint(dir, 2)).toEqual({ leveringer: 1n });
      wipePartitionStore(dir, 2);
    }
  });

  it('stages a restore\'s blind writes in changelog order and merges them, last write per key winning, before the next write that is not a restore\'s', async () => {
    const dir = tempDir();
    const store = openPartitionStore(dir, 6);
    await store.apply([
      { kind: 'membership', personKey: 'p1', akasse: 'aak', fleksjob: false },
      { kind: 'membership', personKey: 'p2', akasse: '3f', fleksjob: false },
      { kind: 'kontaktgruppe', personKey: 'p1', kontaktgruppe: 2, at: 200 },
      { kind: 'delivered', reportId: 'sys:r1', at: 1 },
    ], { medlemskab: 2n, personstatus: 1n, leveringer: 1n }, 'restoring');
    await store.apply([
      { kind: 'membership', personKey: 'p1', akasse: 'hk', fleksjob: true }, // a later record of p1
      { kind: 'membership', personKey: 'p2', akasse: null, fleksjob: false }, // p2 left
      { kind: 'membership', personKey: 'p3', akasse: null, fleksjob: false }, // left, then joined again
      { kind: 'membership', personKey: 'p3', akasse: 'foa', fleksjob: false },
      { kind: 'kontaktgruppe', personKey: 'p1', kontaktgruppe: 7, at: 100 }, // older than the stored one: read and refused at once
      { kind: 'delivered', reportId: 'sys:r1', at: 1 }, // read twice
      { kind: 'offer', offerId: 'sys:t1', offer: { ended: true, slutdato: null } },
    ], { medlemskab: 6n, personstatus: 2n, leveringer: 3n }, 'restoring');
    // Nothing reads a restoring store; staged writes wait for the merge, the kontaktgruppe does not.
    expect([store.person('p1'), store.delivered('sys:r1'), store.checkpoint()]).toEqual([{ kontaktgruppe: 2 }, false, { medlemskab: 6n, personstatus: 2n, leveringer: 3n }]);
    await store.close();

    // A stop before the merge loses nothing: the staging is in the file, with the checkpoint.
    const again = openPartitionStore(dir, 6);
    await again.apply([], { medlemskab: 6n });
    expect([again.person('p1'), again.person('p2'), again.person('p3')]).toEqual([
      { akasse: 'hk', fleksjob: true, kontaktgruppe: 2 }, {}, { akasse: 'foa', fleksjob: false },
    ]);
    expect([again.delivered('sys:r1'), again.offer('sys:t1')]).toEqual([true, { ended: true, slutdato: null }]);
    // Counted after the merge: memberships p1 and p3, p1's kontaktgruppe, one marker, one offer.
    expect(again.entries()).toBe(5);
    await again.apply([{ kind: 'membership', personKey: 'p1', akasse: null, fleksjob: false }]);
    expect([again.person('p1'), again.entries()]).toEqual([{ kontaktgruppe: 2 }, 4]);
    await again.close();
  });

  it('gives a store of format 6 the staging tables and keeps what it holds', async () => {
    const dir = tempDir();
    writeOtherFormat(path.join(dir, 'p7'), 6);
    expect(await storedCheckpoint(dir, 7)).toEqual({ medlemskab: 9n });
    const store = openPartitionStore(dir, 7);
    expect([store.checkpoint(), store.person('f1')]).toEqual([{ medlemskab: 9n }, { akasse: 'a', fleksjob: false }]);
    await store.apply([{ kind: 'membership', personKey: 'f2', akasse: 'b', fleksjob: false }], { medlemskab: 10n }, 'restoring');
    await store.apply([]);
    expect(store.person('f2')).toEqual({ akasse: 'b', fleksjob: false });
    await store.close();
  });

  it('gives back the staging\'s pages after a large merge', async () => {
    const dir = tempDir();
    const store = openPartitionStore(dir, 8);
    const key = (i: number) => `p${String(i).padStart(8, '0')}`;
    for (let at = 0; at < 40_000; at += 10_000) {
      const changes = Array.from({ length: 10_000 }, (_, i) => ({ kind: 'membership' as const, personKey: key(at + i), akasse: 'aak', fleksjob: false }));
      await store.apply(changes, { medlemskab: BigInt(at + 10_000) }, 'restoring');
    }
    const pages = () => {
      const db = new Database(path.join(dir, 'p8', 'state.sqlite'), { readonly: true });
      try {
        return { free: db.pragma('freelist_count', { simple: true }) as number, all: db.pragma('page_count', { simple: true }) as number };
      } finally {
        db.close();
      }
    };
    const staged = pages();
    await store.apply([]);
    const after = pages();
    expect([store.entries(), store.person(key(39_999))]).toEqual([40_000, { akasse: 'aak', fleksjob: false }]);
    // The staging held about as many pages as the memberships now do; none of them is left free.
    expect(after.free).toBeLessThan(after.all / 4);
    expect(after.all).toBeLessThan(staged.all * 1.5);
    await store.close();
  });

  it('reads a batch in one snapshot: a change committed meanwhile by another connection shows only after it', async () => {
    const dir = tempDir();
    const store = openPartitionStore(dir, 9);
    await store.apply([{ kind: 'membership', personKey: 'k1', akasse: 'aak', fleksjob: false }, { kind: 'delivered', reportId: 'sys:r1', at: 1 }]);
    const other = new Database(path.join(dir, 'p9', 'state.sqlite'));
    const seen = store.reading(() => {
      const before = store.person('k1');
      other.exec("DELETE FROM kv WHERE k = CAST('m:k1' AS BLOB); DELETE FROM markers");
      return [before, store.person('k1'), store.delivered('sys:r1')];
    });
    other.close();
    expect(seen).toEqual([{ akasse: 'aak', fleksjob: false }, { akasse: 'aak', fleksjob: false }, true]);
    expect([store.person('k1'), store.delivered('sys:r1')]).toEqual([{}, false]);
    // A failing batch's reads leave the store as it was, and it reads on.
    expect(() => store.reading(() => { throw new Error('a bug in a rule'); })).toThrow('a bug in a rule');
    await store.apply([{ kind: 'membership', personKey: 'k2', akasse: '3f', fleksjob: true }]);
    expect(store.reading(() => store.person('k2'))).toEqual({ akasse: '3f', fleksjob: true });
    await store.close();
  });

  it('a batch view reads a membership once: the key check and the decision of one batch see the same fund', async () => {
    const store = openPartitionStore(tempDir(), 4);
    await store.apply([{ kind: 'membership', personKey: 'k1', akasse: 'aak', fleksjob: false, lookupId: 'ab'.repeat(16) }]);
    const batch = store.batchView();
    expect(store.reading(() => batch.lookupIdOf('k1'))).toBe('ab'.repeat(16));
    // The member changes fund while the batch asks the key service.
    await store.apply([{ kind: 'membership', personKey: 'k1', akasse: '3f', fleksjob: true, lookupId: 'ab'.repeat(16) }]);
    expect(store.reading(() => batch.person('k1'))).toEqual({ akasse: 'aak', fleksjob: false });
    // Everything else reads the store as it is; the next batch too.
    await store.apply([{ kind: 'kontaktgruppe', personKey: 'k1', kontaktgruppe: 2, at: 5 }]);
    expect(store.reading(() => batch.person('k1'))).toEqual({ akasse: 'aak', fleksjob: false, kontaktgruppe: 2 });
    expect(store.person('k1')).toEqual({ akasse: '3f', fleksjob: true, kontaktgruppe: 2 });
    expect(store.batchView().person('k1')).toEqual({ akasse: '3f', fleksjob: true, kontaktgruppe: 2 });
    await store.close();
  });
});
