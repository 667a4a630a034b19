// Kafka security on a real, second, secured broker (SASL/SCRAM-SHA-256, StandardAuthorizer):
// a fund reads only its own topic, a case system reads no fund topic and writes the inbound topic.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubAcls, stackSettingsFrom, startSecureKafka, type ScramUser, type SecureKafka } from '../../infra/index.ts';
import { topicNames } from '../../src/config/topics.ts';
import { uniqueName } from '../support/services.ts';

const secret = () => randomBytes(12).toString('hex');
const admin: ScramUser = { name: 'admin', password: secret() };
const caseSystem: ScramUser = { name: 'sag-a', password: secret() };
const fundA: ScramUser = { name: 'akasse-aak', password: secret() };
const fundB: ScramUser = { name: 'akasse-3f', password: secret() };
const topics = topicNames('hub');
let broker: SecureKafka;

const client = (user: ScramUser, retries = 5) => new Kafka({ clientId: uniqueName(user.name), brokers: broker.brokers, sasl: broker.sasl(user) as SASLOptions, logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries, initialRetryTime: 100 } });

/** Reads one message from `topic` as `user`, or rejects with the broker's refusal. */
const readOne = async (user: ScramUser, topic: string): Promise<string> => {
  const consumer = client(user).consumer({ groupId: `${user.name}.${uniqueName("g")}` });
  await consumer.connect();
  try {
    return await new Promise<string>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, (e) => { if (!e.payload.restart) reject(e.payload.error); });
      consumer.subscribe({ topic, fromBeginning: true })
        .then(() => consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) }))
        .catch(reject);
      setTimeout(() => reject(new Error('timeout')), 20_000);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
};

beforeAll(async () => {
  const s = stackSettingsFrom(process.env);
  broker = await startSecureKafka(s, process.env, { runDir: path.join(s.stackDir, 'run', uniqueName('secure-kafka')), adminPassword: admin.password, users: [caseSystem, fundA, fundB] });
  const a = client(admin, 5).admin();
  await a.connect();
  await a.createTopics({ waitForLeaders: true, topics: [topics.indberetninger, topics.kvitteringer, topics.fund('aak'), topics.fund('3f')].map((topic) => ({ topic, numPartitions: 1 })) });
  await a.createAcls({ acl: hubAcls(topics, { caseSystems: [caseSystem.name], funds: [{ user: fundA.name, code: 'aak' }, { user: fundB.name, code: '3f' }] }) });
  await a.disconnect();
  const p = client(admin, 5).producer();
  await p.connect();
  await p.send({ topic: topics.fund('aak'), messages: [{ value: 'for aak' }] });
  await p.send({ topic: topics.fund('3f'), messages: [{ value: 'for 3f' }] });
  await p.disconnect();
  // The group coordinator's topic is created on first use; warm it up as admin.
  await readOne(admin, topics.fund('aak'));
}, 150_000);

afterAll(async () => { await broker?.stop(); }, 60_000);

describe('SASL/SCRAM users and ACLs on a secured broker', () => {
  it('lets a fund read its own topic and nothing else', async () => {
    expect(await readOne(fundA, topics.fund('aak'))).toBe('for aak');
    await expect(readOne(fundA, topics.fund('3f'))).rejects.toThrow(/authoriz/i);
    expect(await readOne(fundB, topics.fund('3f'))).toBe('for 3f');
  }, 60_000);

  it('lets a case system write the inbound topic but read no fund topic', async () => {
    const producer = client(caseSystem).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: topics.indberetninger, acks: -1, messages: [{ key: 'k', value: 'report' }] });
    await expect(producer.send({ topic: topics.fund('aak'), acks: -1, messages: [{ value: 'forged' }] })).rejects.toThrow(/authoriz/i);
    await producer.disconnect();
    await expect(readOne(caseSystem, topics.fund('aak'))).rejects.toThrow(/authoriz/i);
    await expect(readOne(caseSystem, topics.indberetninger)).rejects.toThrow(/authoriz/i);
  }, 60_000);

  it('refuses a wrong password', async () => {
    const producer = client({ name: caseSystem.name, password: "wrong" }, 0).producer();
    await expect(producer.connect()).rejects.toThrow(/SASL|authenticat/i);
  }, 30_000);
});
