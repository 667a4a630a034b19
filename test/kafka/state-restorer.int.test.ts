// Contract of the state restorer on the real broker: an instance restores only the partitions it
// owns, from the offset its store's checkpoint names (a delta after a stop), follows the membership
// topic all along but its own changelog only while restoring, and wipes a store that is ahead of Kafka.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoredStores, startStateRestorer } from '../../src/kafka/state-restorer.ts';
import { openPartitionStore } from '../../src/state/partition-store.ts';
import type { StateChange } from '../../src/state/changes.ts';
import { createTestTopics, eventually, testKafka, testLogger, uniqueName } from '../support/services.ts';

const kafka = testKafka();
const members = uniqueName('restore-members');
const own = uniqueName('restore-own');
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-restorer-'));
const producer = kafka.producer();
let read: Array<{ topic: string; offset: string }> = [];

/** Values are JSON state changes here: the contract is about offsets and partitions, not Avro. */
const reader = async (topic: string, m: KafkaMessage): Promise<StateChange[]> => {
  read.push({ topic, offset: m.offset });
  return m.value ? [JSON.parse(m.value.toString()) as StateChange] : [];
};
const member = (personKey: string, akasse: string) => ({ value: JSON.stringify({ kind: 'membership', personKey, akasse, fleksjob: false }) });
const delivered = (reportId: string) => ({ value: JSON.stringify({ kind: 'delivered', reportId, at: 1 }) });
const restorer = () => startStateRestorer({ kafka, logger: testLogger, stateDir, changelogs: [members, own], ownChangelogs: [own], read: reader, groupId: uniqueName('restorer') });

beforeAll(async () => {
  await createTestTopics(kafka, [members, own].map((topic) => ({ topic, numPartitions: 2, replicationFactor: 1 })));
  await producer.connect();
  await producer.send({ topic: members, messages: [{ partition: 0, ...member('a', 'aak') }, { partition: 1, ...member('b', '3f') }] });
  await producer.send({ topic: own, messages: [{ partition: 0, ...delivered('s:1') }, { partition: 1, ...delivered('s:2') }] });
});

afterAll(async () => {
  await producer.disconnect();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('state restorer', () => {
  it('restores only the owned partition, follows membership after, and not its own changelog', async () => {
    const r = await restorer();
    await r.assign([0]);
    const store = (await r.restored(0, () => true))!;
    expect(store.person('a')).toMatchObject({ akasse: 'aak' });
    expect(store.person('b')).toEqual({});
    expect([store.delivered('s:1'), store.delivered('s:2')]).toEqual([true, false]);
    expect(r.progress()).toEqual([expect.objectContaining({ partition: 0, phase: 'ready', remaining: 0 })]);

    await producer.send({ topic: members, messages: [{ partition: 0, ...member('c', 'aak') }] });
    await producer.send({ topic: own, messages: [{ partition: 0, ...delivered('s:3') }] });
    expect(await eventually(() => store.person('c').akasse === 'aak', 15_000)).toBe(true);
    await new Promise((res) => setTimeout(res, 1000));
    expect(store.delivered('s:3')).toBe(false); // the owner applies its own changes when they commit
    await r.stop();
  });

  it('after a stop, restores only what was written since its checkpoint', async () => {
    await producer.send({ topic: members, messages: [{ partition: 0, ...member('d', '3f') }] });
    read = [];
    const r = await restorer();
    await r.assign([0]);
    const store = (await r.restored(0, () => true))!;
    expect(store.person('d')).toMatchObject({ akasse: '3f' });
    expect(store.delivered('s:3')).toBe(true); // written to its own changelog while it was not restoring
    // membership offset 2 (d) and own offset 1 (s:3): nothing before them was read again.
    expect(read.sort((x, y) => x.topic.localeCompare(y.topic))).toEqual([{ topic: members, offset: '2' }, { topic: own, offset: '1' }].sort((x, y) => x.topic.localeCompare(y.topic)));
    await r.stop();
  });

  it('wipes a store whose checkpoint lies beyond the end of its changelog and restores it from the start', async () => {
    const store = openPartitionStore(stateDir, 0);
    await store.apply([{ kind: 'delivered', reportId: 'only-in-the-store', at: 1 }], { [own]: 999n });
    await store.close();
    read = [];
    const r = await restorer();
    await r.assign([0]);
    const restored = (await r.restored(0, () => true))!;
    expect(restored.delivered('only-in-the-store')).toBe(false);
    expect([restored.delivered('s:1'), restored.delivered('s:3')]).toEqual([true, true]);
    expect(read.filter((x) => x.topic === members).map((x) => x.offset)).toEqual(['0', '1', '2']);
    await r.stop();
  });

  it('shows an idle partition ready, and its first batch still sees what a predecessor committed after the assignment', async () => {
    const r = await restorer();
    const stores = restoredStores(r);
    await stores.onAssignment([1]);
    expect(await eventually(() => r.progress()[0]?.phase === 'ready', 15_000)).toBe(true);
    // The previous owner's last transaction commits between this member's assignment and its first
    // batch (the processor settles it before `prepare`): its changes must be in the store.
    await producer.send({ topic: own, messages: [{ partition: 1, ...delivered('s:late') }] });
    await producer.send({ topic: members, messages: [{ partition: 1, ...member('e', 'hk') }] });
    const prepared = await Promise.race([stores.prepare(1, () => true), new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), 15_000))]);
    expect(prepared).toBe(true);
    const store = stores.storeOf(1)!;
    expect([store.delivered('s:2'), store.delivered('s:late')]).toEqual([true, true]);
    expect(store.person('e')).toMatchObject({ akasse: 'hk' });
    await r.stop();
  });

  it('closes a released partition\'s store once it stays released, and reopens it where it was when the partition comes back', async () => {
    const r = await startStateRestorer({ kafka, logger: testLogger, stateDir, changelogs: [members, own], ownChangelogs: [own], read: reader, groupId: uniqueName('restorer'), releasedStoreCloseMs: 300 });
    await r.assign([0, 1]);
    const first = (await r.restored(1, () => true))!;
    expect(first.person('b')).toMatchObject({ akasse: '3f' });
    const checkpoint = first.checkpoint();
    // Released and back within the grace: the same store, nothing reopened.
    await r.assign([0]);
    await r.assign([0, 1]);
    expect(await r.restored(1, () => true)).toBe(first);
    // Released for longer: closed (its reads fail; a late apply of a batch is dropped, not thrown).
    await r.assign([0]);
    expect(await eventually(() => { try { first.person('b'); return false; } catch { return true; } }, 10_000)).toBe(true);
    await first.apply([{ kind: 'delivered', reportId: 'after-close', at: 1 }], { [own]: 999n });
    // Closed, it is still held (what the group's assigner is told), at its checkpoint's records.
    const records = Object.values(checkpoint).reduce((a, b) => a + b, 0n);
    expect(records).toBeGreaterThan(0n);
    expect(r.held().get(1)).toBe(records);
    // Back: a store of its own again, at the checkpoint it was closed with, and the delta restored.
    read = [];
    await r.assign([0, 1]);
    const again = (await r.restored(1, () => true))!;
    expect(again).not.toBe(first);
    expect([again.person('b').akasse, again.delivered('s:2'), again.delivered('after-close')]).toEqual(['3f', true, false]);
    expect(again.checkpoint()).toEqual(checkpoint);
    expect(read.filter((x) => BigInt(x.offset) < (checkpoint[x.topic] ?? 0n))).toEqual([]);
    await r.stop();
    // A restorer started later over the same directory finds both stores on disk (and starts beside
    // a store it cannot read, which it counts as holding nothing).
    fs.mkdirSync(path.join(stateDir, 'p2'), { recursive: true });
    fs.writeFileSync(path.join(stateDir, 'p2', 'state.sqlite'), 'not a database');
    const later = await startStateRestorer({ kafka, logger: testLogger, stateDir, changelogs: [members, own], ownChangelogs: [own], read: reader, groupId: uniqueName('restorer') });
    expect(later.held().get(1)).toBe(records);
    expect(later.held().get(0)).toBeGreaterThan(0n);
    expect(later.held().has(2)).toBe(false);
    await later.stop();
  });

  it('restores a batch larger than one store transaction whole, its checkpoint at the batch\'s end', async () => {
    const topic = uniqueName('restore-many');
    await createTestTopics(kafka, [{ topic, numPartitions: 1, replicationFactor: 1 }]);
    // A small transaction, so that one fetched batch (records of a few dozen bytes) spans several.
    const perTransaction = 500;
    const count = perTransaction * 2 + 345;
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition: 0, ...member(`many-${i}`, i % 2 ? 'aak' : '3f') })) });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-restorer-many-'));
    try {
      const r = await startStateRestorer({ kafka, logger: testLogger, stateDir: dir, changelogs: [topic], ownChangelogs: [], read: reader, groupId: uniqueName('restorer'), restoreRecordsPerTransaction: perTransaction });
      await r.assign([0]);
      const store = (await r.restored(0, () => true))!;
      expect(Array.from({ length: count }, (_, i) => store.person(`many-${i}`).akasse).filter((a, i) => a !== (i % 2 ? 'aak' : '3f'))).toEqual([]);
      expect(store.checkpoint()[topic]).toBe(BigInt(count));
      await r.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
