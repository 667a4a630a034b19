// Contract of the key service on the real broker: a random key per CPR number, the same after a
// restart (read back from the compacted mapping topic into a fresh index), and one key per person
// when several instances key the same persons at the same moment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPersonKey } from '../../src/person-keys/person-key.ts';
import { startPersonKeyService, type PersonKeyService } from '../../src/person-keys/key-service.ts';
import { createTopicsWithLeaders } from '../../src/kafka/provision.ts';
import { testKafka, testLogger, uniqueName } from '../support/services.ts';

const kafka = testKafka();
const topic = uniqueName('personnoegler');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-person-keys-'));
const open: PersonKeyService[] = [];
const service = async (dir: string) => {
  const s = await startPersonKeyService({ kafka, logger: testLogger, topic, lookupSecret: 'test-lookup-secret', indexDir: path.join(root, dir) });
  open.push(s);
  return s;
};
const cprs = (n: number, from: number) => Array.from({ length: n }, (_, i) => `0101${String(from + i).padStart(6, '0')}`);

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }]);
  await admin.disconnect();
}, 30_000);

afterAll(async () => {
  await Promise.allSettled(open.map((s) => s.close()));
  fs.rmSync(root, { recursive: true, force: true });
});

const recordsIn = async (name: string) => {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(name).finally(() => admin.disconnect());
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
};

describe('the person key service', () => {
  it('gives each CPR number a random key that stays the same, also for an instance with a new index', async () => {
    const a = await service('a');
    const batch = cprs(5, 1);
    const keys = await a.keysFor([...batch, batch[0]!]);
    expect(keys.every(isPersonKey)).toBe(true);
    expect(new Set(keys).size).toBe(5);
    expect(keys[5]).toBe(keys[0]);
    expect(await a.keysFor(batch)).toEqual(keys.slice(0, 5));
    expect(keys.join()).not.toMatch(/0101\d{6}/);

    const fresh = await service('fresh');
    expect(fresh.size()).toBe(5);
    expect(await fresh.keysFor(batch.reverse())).toEqual(keys.slice(0, 5).reverse());
  }, 30_000);

  it('ends with one key per person when three instances key the same persons at once', async () => {
    const instances = await Promise.all(['x', 'y', 'z'].map(service));
    const batch = cprs(40, 100);
    const answers = await Promise.all(instances.flatMap((s) => [s.keysFor(batch), s.keysFor(batch.slice(0, 10))]));
    for (const answer of answers) expect(answer).toEqual(answers[0]!.slice(0, answer.length));
    // They did race: each instance wrote its own proposals (5 records came from the test before).
    expect(await recordsIn(topic)).toBe(5 + 3 * 40);
    // A later instance, reading only the topic, agrees: the winner survives in the log.
    const later = await service('later');
    expect(await later.keysFor(batch)).toEqual(answers[0]);
  }, 30_000);

  it('keeps its index across a restart and reads only what came since', async () => {
    const first = await service('restart');
    const before = await first.keysFor(cprs(3, 500));
    await first.close();
    const other = await service('meanwhile');
    const meanwhile = await other.keysFor(cprs(2, 600));
    const again = await service('restart');
    expect(await again.keysFor([...cprs(3, 500), ...cprs(2, 600)])).toEqual([...before, ...meanwhile]);
  }, 30_000);
});
