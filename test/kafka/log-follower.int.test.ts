// Contract of the followed log on the real broker: what is appended is handed over in offset order
// and `reached` resolves once it has been; reading starts where the caller says; a read-back that
// does not come fails retryably instead of waiting for ever; stopping leaves no consumer group.
import { beforeAll, describe, expect, it } from 'vitest';
import { followLog, type LogRecord } from '../../src/kafka/log-follower.ts';
import { createTopicsWithLeaders } from '../../src/kafka/provision.ts';
import { isHubError } from '../../src/shared/errors.ts';
import { testKafka, testLogger, uniqueName } from '../support/services.ts';

const kafka = testKafka();
const topic = uniqueName('followed');

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, [{ topic, numPartitions: 2, replicationFactor: 1 }]);
  await admin.disconnect();
}, 30_000);

const follow = (seen: Map<number, LogRecord[]>, startAt: (p: number) => bigint = () => 0n, groupId = uniqueName('g-follow')) => followLog({
  kafka, logger: testLogger, topic, groupId, startAt, readBackTimeoutMs: 500,
  onRecords: async (partition, records) => { seen.set(partition, [...(seen.get(partition) ?? []), ...records]); },
});

describe('followLog', () => {
  const seen = new Map<number, LogRecord[]>();
  const groupId = uniqueName('g-follow');

  it('hands over what it appended, in order, before `reached` resolves', async () => {
    const log = await follow(seen, () => 0n, groupId);
    const last = await log.append([{ partition: 1, key: 'a', value: '1' }, { partition: 1, key: 'b', value: '2' }, { partition: 0, key: 'c', value: '3' }]);
    expect([...last].sort()).toEqual([[0, 0n], [1, 1n]]);
    await Promise.all([...last].map(([p, o]) => log.reached(p, o)));
    expect(seen.get(1)!.map((r) => [r.offset, r.key, r.value])).toEqual([[0n, 'a', '1'], [1n, 'b', '2']]);
    const never = await log.reached(0, 1_000_000n).catch((e: unknown) => e);
    expect(isHubError(never) && never.code).toBe('KAFKA_UNAVAILABLE');
    await log.stop();
    const admin = kafka.admin();
    await admin.connect();
    const { groups } = await admin.listGroups().finally(() => admin.disconnect());
    expect(groups.map((g) => g.groupId)).not.toContain(groupId);
  }, 30_000);

  it('starts each partition where the caller says, and is caught up with what was there', async () => {
    const later = new Map<number, LogRecord[]>();
    const log = await follow(later, (p) => (p === 1 ? 1n : 0n));
    await log.caughtUp();
    expect(later.get(1)!.map((r) => r.key)).toEqual(['b']);
    expect(later.get(0)!.map((r) => r.key)).toEqual(['c']);
    await log.stop();
  }, 30_000);

  it('appends more than the broker takes in one record batch, in order, and reports the last offsets', async () => {
    const big = uniqueName('followed-big');
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic: big, numPartitions: 1, replicationFactor: 1 }]);
    await admin.disconnect();
    const got: LogRecord[] = [];
    const log = await followLog({ kafka, logger: testLogger, topic: big, groupId: uniqueName('g-follow'), startAt: () => 0n, onRecords: async (_, records) => { got.push(...records); } });
    // 30,000 records of about 100 bytes: 3 MB for one partition, where the broker refuses over 1 MiB.
    const records = Array.from({ length: 30_000 }, (_, i) => ({ partition: 0, key: `k${i}`.padEnd(40, '-'), value: `v${i}`.padEnd(60, '.') }));
    const last = await log.append(records);
    expect([...last]).toEqual([[0, 29_999n]]);
    await log.reached(0, 29_999n);
    expect(got.length).toBe(30_000);
    expect(got.every((r, i) => r.key === records[i]!.key && r.offset === BigInt(i))).toBe(true);
    await log.stop();
  }, 60_000);
});
