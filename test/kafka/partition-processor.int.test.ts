// Contract of the transactional partition processor on the real broker: every input message's
// output is written exactly once, read_committed, through a retried batch and through a second
// member joining mid-stream; afterCommit is told where its records landed.
import { KafkaJSNonRetriableError, type RecordMetadata } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPartitionProcessor, type InputBatch, type PartitionProcessor } from '../../src/kafka/partition-processor.ts';
import { HubError } from '../../src/shared/errors.ts';
import { createTopicsWithLeaders } from '../../src/kafka/provision.ts';
import { eventually, readTopic, testKafka, testLogger, uniqueName } from '../support/services.ts';

const kafka = testKafka();
const producer = kafka.producer();

const topicsOf = async (name: string, numPartitions = 2) => {
  const input = uniqueName(`${name}-in`);
  const output = uniqueName(`${name}-out`);
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, [{ topic: input, numPartitions, replicationFactor: 1 }, { topic: output, numPartitions, replicationFactor: 1 }]);
  await admin.disconnect();
  return { input, output };
};

/** A processor that copies each input value to the output topic, on the input's partition. */
const copier = (input: string, output: string, groupId: string, hooks: { fail?: (b: InputBatch) => boolean; committed?: RecordMetadata[][]; held?: Record<number, bigint> } = {}) =>
  startPartitionProcessor({
    kafka, logger: testLogger, topic: input, groupId, transactionalIdPrefix: `${groupId}.tx`, sessionTimeoutMs: 10_000,
    ...(hooks.held ? { held: () => new Map(Object.entries(hooks.held!).map(([p, n]) => [Number(p), n])) } : {}),
    async process(batch) {
      if (hooks.fail?.(batch)) throw new HubError('REGISTRY_UNAVAILABLE', 'a passing failure');
      return {
        records: batch.messages.map((m) => ({ topic: output, key: m.key, value: m.value, partition: batch.partition })),
        async afterCommit(written) { hooks.committed?.push([...written]); },
      };
    },
    async refused(batch, message) { return { topic: output, key: 'refused', value: message.value }; },
  });

const send = async (topic: string, from: number, count: number) => {
  await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `k${(from + i) % 7}`, value: `v${from + i}` })) });
};

const valuesOn = async (topic: string, count: number) =>
  (await readTopic(kafka, topic, async (v) => v.toString(), count, 60_000)).map((m) => m.value);

const running: PartitionProcessor[] = [];
beforeAll(async () => { await producer.connect(); });
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await producer.disconnect();
});

describe('partition processor', () => {
  it('writes each input once, retries a failed batch without doubling it, and tells afterCommit the offsets', async () => {
    const { input, output } = await topicsOf('pp-retry');
    let failures = 0;
    const committed: RecordMetadata[][] = [];
    const p = await copier(input, output, uniqueName('pp'), { fail: () => failures++ < 2, committed });
    running.push(p);
    await send(input, 0, 200);
    const values = await valuesOn(output, 200);
    expect(values.length).toBe(200);
    expect(new Set(values).size).toBe(200);
    expect(failures).toBeGreaterThanOrEqual(2);
    // The offsets afterCommit was given are where the records are.
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(output);
    await admin.disconnect();
    for (const meta of committed.flat()) {
      const end = BigInt(ends.find((e) => e.partition === meta.partition)!.high);
      expect(BigInt(meta.baseOffset!)).toBeLessThan(end);
    }
    expect(committed.flat().every((m) => m.topicName === output)).toBe(true);
    expect(p.owned()).toEqual([0, 1]);
  });

  it('shares the partitions with a second member joining mid-stream, nothing lost or doubled', async () => {
    const { input, output } = await topicsOf('pp-join');
    const group = uniqueName('pp');
    const a = await copier(input, output, group);
    running.push(a);
    await send(input, 0, 150);
    expect(await eventually(async () => (await valuesOn(output, 1)).length > 0, 30_000, 500)).toBe(true);
    const b = await copier(input, output, group);
    running.push(b);
    for (let i = 1; i <= 3; i++) { await send(input, i * 150, 150); await new Promise((r) => setTimeout(r, 300)); }
    expect(await eventually(() => a.owned().length === 1 && b.owned().length === 1, 30_000, 200)).toBe(true);
    const values = await valuesOn(output, 600);
    expect(values.length).toBe(600);
    expect(new Set(values).size).toBe(600);
    await b.stop();
    running.splice(running.indexOf(b), 1);
  });

  it('gives each partition to the member that holds its state, whichever joined first', async () => {
    // Round-robin over the member ids (random) would give one member partitions 0 and 2: never 1 and 2.
    const { input, output } = await topicsOf('pp-held', 3);
    const group = uniqueName('pp');
    const a = await copier(input, output, group, { held: { 1: 40n, 2: 10n } });
    running.push(a);
    await send(input, 0, 30);
    expect(await eventually(() => a.owned().length === 3, 30_000, 200)).toBe(true);
    const b = await copier(input, output, group, { held: { 0: 5n, 2: 3n } });
    running.push(b);
    expect(await eventually(() => a.owned().length === 2 && b.owned().length === 1, 30_000, 200)).toBe(true);
    expect([a.owned(), b.owned()]).toEqual([[1, 2], [0]]);
    await send(input, 30, 30);
    const values = await valuesOn(output, 60);
    expect(new Set(values).size).toBe(60);
    await b.stop();
    running.splice(running.indexOf(b), 1);
    await a.stop();
    running.splice(running.indexOf(a), 1);
  });

  it('gives partition N of co-partitioned inputs to one member, which processes their batches one at a time', async () => {
    const { input, output } = await topicsOf('pp-co');
    const { input: second } = await topicsOf('pp-co2');
    const group = uniqueName('pp');
    const seen = new Map<string, Set<string>>();
    const busy = new Set<string>();
    let overlapped = false;
    const member = (name: string) => startPartitionProcessor({
      kafka, logger: testLogger, topic: input, coPartitionedTopics: [second], groupId: group, transactionalIdPrefix: `${group}.tx`, sessionTimeoutMs: 10_000,
      async process(batch) {
        // Two batches of one partition number in one member at once (from the two inputs) would race on its store.
        const slot = `${name}|${batch.partition}`;
        if (busy.has(slot)) overlapped = true;
        busy.add(slot);
        await new Promise((r) => setTimeout(r, 20));
        busy.delete(slot);
        const mine = seen.get(name) ?? new Set<string>();
        seen.set(name, mine.add(`${batch.topic}|${batch.partition}`));
        return { records: batch.messages.map((m) => ({ topic: output, key: m.key, value: m.value, partition: batch.partition })) };
      },
      async refused(batch, message) { return { topic: output, key: 'refused', value: message.value }; },
    });
    const a = await member('a');
    const b = await member('b');
    running.push(a, b);
    expect(await eventually(() => a.owned().length === 1 && b.owned().length === 1, 30_000, 200)).toBe(true);
    await send(input, 0, 100);
    await send(second, 100, 100);
    const values = await valuesOn(output, 200);
    expect(new Set(values).size).toBe(200);
    for (const [name, p] of [['a', a], ['b', b]] as const) {
      const n = p.owned()[0];
      expect([...(seen.get(name) ?? [])].sort()).toEqual([`${input}|${n}`, `${second}|${n}`].sort());
    }
    expect(overlapped).toBe(false);
  });

  it('gives a batch back when taking up its partition or restoring its state fails, and its consumer lives on', async () => {
    const { input, output } = await topicsOf('pp-prepare');
    const group = uniqueName('pp');
    // kafkajs's own words when a changelog reader is between a crash and its restart: thrown into
    // kafkajs, that error stops the consumer for good.
    let assignmentFailures = 0;
    let prepareFailures = 0;
    const p = await startPartitionProcessor({
      kafka, logger: testLogger, topic: input, groupId: group, transactionalIdPrefix: `${group}.tx`, sessionTimeoutMs: 10_000,
      onAssignment() { if (assignmentFailures++ < 1) throw new Error('the changelog topic\'s offsets could not be read'); },
      async prepare() { if (prepareFailures++ < 2) throw new KafkaJSNonRetriableError('Consumer group was not initialized, consumer#run must be called first'); return true; },
      async process(batch) {
        return { records: batch.messages.map((m) => ({ topic: output, key: m.key, value: m.value, partition: batch.partition })) };
      },
      async refused(batch, message) { return { topic: output, key: 'refused', value: message.value }; },
    });
    running.push(p);
    await send(input, 0, 100);
    const values = await valuesOn(output, 100);
    expect(values.length).toBe(100);
    expect(new Set(values).size).toBe(100);
    expect([assignmentFailures > 1, prepareFailures > 2]).toEqual([true, true]);
  });

  it('pauses a partition whose state restores for longer than the session timeout: the member stays, its other partitions flow', async () => {
    const { input, output } = await topicsOf('pp-restore');
    const group = uniqueName('pp');
    // Partition 0's state takes 9 s to restore, longer than the 6 s session (the broker's minimum).
    let restored!: () => void;
    const restoredAt = new Promise<void>((resolve) => { restored = resolve; });
    let asked = 0;
    const written = [0, 0];
    const p = await startPartitionProcessor({
      kafka, logger: testLogger, topic: input, groupId: group, transactionalIdPrefix: `${group}.tx`, sessionTimeoutMs: 6000,
      async prepare(partition) {
        if (partition !== 0) return true;
        asked++;
        await restoredAt;
        return true;
      },
      async process(batch) {
        return {
          records: batch.messages.map((m) => ({ topic: output, key: m.key, value: m.value, partition: batch.partition })),
          async afterCommit() { written[batch.partition]! += batch.messages.length; },
        };
      },
      async refused(batch, message) { return { topic: output, key: 'refused', value: message.value }; },
    });
    running.push(p);
    let joins = 0;
    p.consumer.on(p.consumer.events.GROUP_JOIN, () => { joins++; });
    expect(await eventually(() => p.owned().length === 2, 30_000, 100)).toBe(true);
    const joinsBefore = joins;
    await producer.send({ topic: input, messages: Array.from({ length: 50 }, (_, i) => ({ partition: 0, value: `zero-${i}` })) });
    expect(await eventually(() => asked > 0, 15_000, 50)).toBe(true);
    // Partition 1's reports, sent while partition 0 restores, are written meanwhile.
    for (let i = 0; i < 3; i++) {
      await producer.send({ topic: input, messages: Array.from({ length: 20 }, (_, j) => ({ partition: 1, value: `one-${i * 20 + j}` })) });
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(await eventually(() => written[1] === 60, 10_000, 100)).toBe(true);
    await new Promise((r) => setTimeout(r, 9000 - 3000));
    expect(written[0]).toBe(0);
    restored();
    const values = await valuesOn(output, 110);
    expect(values.length).toBe(110);
    expect(new Set(values).size).toBe(110);
    expect(written).toEqual([50, 60]);
    // No session was lost on the way (a lost one shows as a join of its own).
    expect(joins - joinsBefore).toBe(0);
  });

  it('commits a batch whose outputs exceed the broker\'s 1 MiB record batch, in parts of one transaction', async () => {
    const { input, output } = await topicsOf('pp-large');
    const group = uniqueName('pp');
    // Four outputs of 2 KB per input: a fetched batch of 512 KiB yields about 2 MiB for its partition.
    let commits = 0;
    const ends: bigint[] = [];
    const p = await startPartitionProcessor({
      kafka, logger: testLogger, topic: input, groupId: group, transactionalIdPrefix: `${group}.tx`, sessionTimeoutMs: 10_000,
      async process(batch) {
        return {
          records: batch.messages.flatMap((m) => [0, 1, 2, 3].map((i) => ({ topic: output, key: m.key, value: Buffer.concat([Buffer.from(`${m.value!.toString().slice(0, 12)}#${i}|`), Buffer.alloc(2000, 120)]), partition: batch.partition }))),
          async afterCommit(_written, e) {
            commits++;
            ends.push(...e.values());
          },
        };
      },
      async refused(batch, message) { return { topic: output, key: 'refused', value: message.value }; },
    });
    running.push(p);
    for (let from = 0; from < 600; from += 200) {
      await producer.send({ topic: input, messages: Array.from({ length: 200 }, (_, i) => ({ key: 'one-key', value: `v${String(from + i).padStart(6, '0')}${'x'.repeat(2000)}` })) });
    }
    const values = await valuesOn(output, 2400);
    expect(values.length).toBe(2400);
    expect(values.some((v) => v.startsWith('refused'))).toBe(false);
    expect(new Set(values.map((v) => v.slice(0, v.indexOf('|')))).size).toBe(2400);
    // Whole batches committed, not one message at a time after a refusal.
    expect(commits).toBeLessThan(60);
    // The last batch's records end just before its transaction's commit marker, the log's last offset.
    const admin = kafka.admin();
    await admin.connect();
    const [high] = (await admin.fetchTopicOffsets(output)).filter((p) => p.high !== '0').map((p) => BigInt(p.high));
    await admin.disconnect();
    expect(ends.length).toBe(commits);
    expect(ends.every((e, i) => i === 0 || e > ends[i - 1]!)).toBe(true);
    expect(ends.at(-1)).toBe(high! - 1n);
  });

  it('commits the offsets of batches that wrote nothing without a transaction each, within the interval, and on stop', async () => {
    const { input, output } = await topicsOf('pp-empty');
    const group = uniqueName('pp');
    // The real client, watched: every EndTxn request its producers send is counted.
    let endTxns = 0;
    const watched = new Proxy(kafka, {
      get(target, name, receiver) {
        if (name !== 'producer') return Reflect.get(target, name, receiver);
        return (config: Parameters<typeof kafka.producer>[0]) => {
          const p = target.producer(config);
          p.on(p.events.REQUEST, (e) => { if (e.payload.apiName === 'EndTxn') endTxns++; });
          return p;
        };
      },
    });
    let batches = 0;
    let processed = 0;
    let written = 0;
    const p = await startPartitionProcessor({
      kafka: watched, logger: testLogger, topic: input, groupId: group, transactionalIdPrefix: `${group}.tx`, sessionTimeoutMs: 10_000, emptyCommitIntervalMs: 1000,
      async process(batch) {
        batches++;
        processed += batch.messages.length;
        // Only values ending in 0 of every hundredth input yield an output: most batches write nothing.
        const records = batch.messages.filter((m) => m.value!.toString().endsWith('00')).map((m) => ({ topic: output, key: m.key, value: m.value, partition: batch.partition }));
        return { records, async afterCommit(w) { written += w.length; } };
      },
      async refused(batch, message) { return { topic: output, key: 'refused', value: message.value }; },
    });
    running.push(p);
    // 40 small sends, 25 ms apart: each a batch of its own.
    for (let i = 0; i < 40; i++) {
      await send(input, i * 10 + 1, 10);
      await new Promise((r) => setTimeout(r, 25));
    }
    await send(input, 1000, 1);
    const admin = kafka.admin();
    await admin.connect();
    const committed = async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [input] });
      return offsets!.partitions.reduce((sum, x) => sum + Math.max(0, Number(x.offset)), 0);
    };
    try {
      // All 401 inputs committed, a second or so after the last batch, though most wrote nothing.
      const allCommitted = await eventually(async () => (await committed()) === 401, 15_000);
      // On a failure, how far processing and committing came.
      expect({ allCommitted, processed, batches, written, committed: await committed() }).toMatchObject({ allCommitted: true });
      const values = await valuesOn(output, 5);
      expect(values.sort()).toEqual(['v100', 'v1000', 'v200', 'v300', 'v400']);
      expect(batches).toBeGreaterThan(20);
      // Far fewer transactions than batches: one per batch that wrote, and a few for the waiting offsets.
      expect(endTxns).toBeLessThan(batches / 2);
      // A stop commits what waits: the offsets are at the end afterwards, with no interval to wait for.
      const before = endTxns;
      expect(written).toBe(5);
      await send(input, 2001, 5);
      expect(await eventually(() => processed === 406, 5000, 10)).toBe(true);
      await p.stop();
      expect(await committed()).toBe(406);
      expect(endTxns - before).toBeLessThanOrEqual(2); // one per partition with offsets waiting
    } finally {
      await admin.disconnect();
    }
  });
});
