// Proves the real registry (Apicurio, Confluent API) and the real Redis with BullMQ (issue 2, point 7).
import { afterAll, describe, expect, it } from 'vitest';
import { createTopicsWithLeaders } from '../../src/kafka/provision.ts';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { COMPATIBILITY, SchemaType } from '@kafkajs/confluent-schema-registry';
import { createRegistry, registerValueSchema, valueSubject, type AvroSchema } from '../../src/shared/registry.ts';
import { connections, eventually, testKafka, uniqueName } from '../support/services.ts';

const registry = createRegistry(connections.registryUrl);
const compatibilityOf = async (topic: string): Promise<string> =>
  (await fetch(`${connections.registryUrl}/config/${valueSubject(topic)}`).then((r) => r.json() as Promise<{ compatibilityLevel: string }>)).compatibilityLevel;
const v1: AvroSchema = {
  type: 'record', name: 'Probe', namespace: 'dk.beskaeftigelse.hub.test',
  fields: [{ name: 'id', type: 'string' }, { name: 'antal', type: 'int' }],
};

describe('schema registry (Confluent API)', () => {
  it('registers under a TopicNameStrategy subject with FULL_TRANSITIVE compatibility, then encodes, sends, receives and decodes', async () => {
    const topic = uniqueName('reg-roundtrip');
    const id = await registerValueSchema(registry, topic, v1, 'outbound');
    expect(await compatibilityOf(topic)).toBe('FULL_TRANSITIVE');
    // The subject is named after the topic (TopicNameStrategy), not after the record.
    const versions = await fetch(`${connections.registryUrl}/subjects/${topic}-value/versions`).then((r) => r.json() as Promise<number[]>);
    expect(versions).toEqual([1]);

    const kafka = testKafka();
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const encoded = await registry.encode(id, { id: 'a-1', antal: 42 });
    expect(encoded[0]).toBe(0); // Confluent framing: magic byte, then the schema id
    expect(encoded.readInt32BE(1)).toBe(id);
    await producer.send({ topic, messages: [{ value: encoded }] });

    const consumer = kafka.consumer({ groupId: uniqueName('g-reg') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const decoded: unknown[] = [];
    await consumer.run({ eachMessage: async ({ message }) => { decoded.push(await registry.decode(message.value!)); } });
    await eventually(() => decoded.length === 1);
    expect(decoded[0]).toEqual({ id: 'a-1', antal: 42 });
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('on a topic the hub writes, accepts an optional field and refuses removing a field an older reader needs', async () => {
    const topic = uniqueName('reg-outbound');
    await registerValueSchema(registry, topic, v1, 'outbound');
    const withDefault: AvroSchema = { ...v1, fields: [...(v1.fields as object[]), { name: 'note', type: ['null', 'string'], default: null }] };
    await expect(registerValueSchema(registry, topic, withDefault, 'outbound')).resolves.toBeGreaterThan(0);
    // BACKWARD would take this (the new reader needs nothing it lacks); a fund still reading with v1
    // would fail on every new record, missing `antal`, which has no default.
    const withoutAntal: AvroSchema = { ...v1, fields: [{ name: 'id', type: 'string' }, { name: 'note', type: ['null', 'string'], default: null }] };
    await expect(registerValueSchema(registry, topic, withoutAntal, 'outbound')).rejects.toMatchObject({ code: 'SCHEMA_INCOMPATIBLE' });
    expect(await compatibilityOf(topic)).toBe('FULL_TRANSITIVE');
  });

  it('on the inbound topic, refuses a required field that the first version\'s records lack, even after an optional step', async () => {
    const topic = uniqueName('reg-inbound');
    await registerValueSchema(registry, topic, v1, 'inbound');
    expect(await compatibilityOf(topic)).toBe('BACKWARD_TRANSITIVE');
    const v2: AvroSchema = { ...v1, fields: [...(v1.fields as object[]), { name: 'kanal', type: 'string', default: 'web' }] };
    await expect(registerValueSchema(registry, topic, v2, 'inbound')).resolves.toBeGreaterThan(0);
    // v3 drops kanal's default: it reads v2's records (kanal is there) but not v1's, still on the topic.
    // BACKWARD alone compares with v2 only and would let the hub's reader fail on the oldest reports.
    const v3: AvroSchema = { ...v1, fields: [...(v1.fields as object[]), { name: 'kanal', type: 'string' }] };
    await expect(registerValueSchema(registry, topic, v3, 'inbound')).rejects.toMatchObject({ code: 'SCHEMA_INCOMPATIBLE' });
  });

  it('raises a subject an older hub registered BACKWARD to the side\'s level', async () => {
    const topic = uniqueName('reg-upgrade');
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject: valueSubject(topic), compatibility: COMPATIBILITY.BACKWARD });
    expect(await compatibilityOf(topic)).toBe('BACKWARD');
    await registerValueSchema(registry, topic, v1, 'outbound');
    expect(await compatibilityOf(topic)).toBe('FULL_TRANSITIVE');
  });

  it('gives every one of several processes registering a new subject at once the same id', async () => {
    // Separate clients, as separate hubs have: each its own cache. Before the registration asked
    // again on a configuration race, about one subject in three failed one of four clients here.
    for (let round = 0; round < 8; round++) {
      const topic = uniqueName('reg-race');
      const clients = [0, 1, 2, 3].map(() => createRegistry(connections.registryUrl));
      const ids = await Promise.all(clients.map((client) => registerValueSchema(client, topic, v1, 'outbound')));
      expect(new Set(ids).size).toBe(1);
      expect(await compatibilityOf(topic)).toBe('FULL_TRANSITIVE');
    }
  });
});

describe('Redis with BullMQ', () => {
  const redis = new Redis(connections.redisUrl, { maxRetriesPerRequest: null });
  afterAll(() => redis.quit());

  it('has append-only persistence on', async () => {
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
    expect(appendonly).toBe('yes');
  });

  it('runs a job that fails twice and succeeds on its third attempt with exponential backoff', async () => {
    const name = uniqueName('q-retry');
    const queue = new Queue(name, { connection: redis });
    const events = new QueueEvents(name, { connection: redis.duplicate() });
    const attemptsAt: number[] = [];
    const worker = new Worker(name, async (job) => {
      attemptsAt.push(Date.now());
      if (job.attemptsMade < 2) throw new Error(`attempt ${job.attemptsMade + 1} fails`);
      return { delivered: job.data.n };
    }, { connection: redis.duplicate() });
    const job = await queue.add('deliver', { n: 7 }, { attempts: 3, backoff: { type: 'exponential', delay: 200 } });
    const result = await job.waitUntilFinished(events, 20_000);
    expect(result).toEqual({ delivered: 7 });
    expect(attemptsAt).toHaveLength(3);
    // Exponential: the second wait is about twice the first.
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(190);
    expect(attemptsAt[2]! - attemptsAt[1]!).toBeGreaterThanOrEqual(390);
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
