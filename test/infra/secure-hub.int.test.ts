// The hub on the secured stack of `hub stack up --secure`, everything over TLS with a CA the stack
// made: Kafka SASL_SSL (SCRAM-SHA-256, ACLs) as its own principal `hub`, the registry over HTTPS with
// Basic credentials, Redis over TLS as an ACL user. A case system reports, the hub routes, and only
// the person's own fund may read it, over SASL_SSL or with a client certificate (mutual TLS).
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import https from 'node:https';
import { Redis } from 'ioredis';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  repoRoot, secureFundUser, secureHubEnv, secureStackUp, stackDown, stackSettingsFrom,
  type SecureStackOptions, type SecureUpResult, type StackSettings,
} from '../../infra/index.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { topicNames } from '../../src/config/topics.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { freePort } from '../support/own-stack.ts';
import { PYTHON_KIT, ensurePythonVenv } from '../support/python-venv.ts';
import { connections, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const prefix = uniqueName('sikker');
const caseSystem = 'demo-sagssystem';
let stackDir: string;
let stack: StackSettings;
let options: SecureStackOptions;
let broker: SecureUpResult;
let services: Services;
let hub: RunningHub;

/** A Kafka client as one of the secured broker's users. */
const clientAs = (user: string) => createKafka({ brokers: broker.brokers, clientId: uniqueName(user), logger: testLogger, sasl: broker.sasl(user), ssl: { ca: fs.readFileSync(broker.credentials.caFile!, 'utf8') } });
/** The same user with a client certificate on the mutual-TLS listener: no password. */
const clientWithCertificate = (user: string) => {
  const { certFile, keyFile } = broker.clientCert(user);
  return createKafka({
    brokers: broker.credentials.mtlsBrokers!, clientId: uniqueName(user), logger: testLogger,
    ssl: { ca: fs.readFileSync(broker.credentials.caFile!, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') },
  });
};

/** Reads `count` messages of `topic` as `user` in a group of its own (`<user>.…`), or rejects with the broker's refusal. */
const readAs = async (user: string, topic: string, count: number, kafka = clientAs(user)): Promise<Buffer[]> => {
  const consumer = kafka.consumer({ groupId: `${user}.${randomUUID()}`, readUncommitted: false, retry: { retries: 2 } });
  const seen: Buffer[] = [];
  await consumer.connect();
  try {
    return await new Promise<Buffer[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout: ${seen.length} of ${count} messages`)), 30_000);
      consumer.on(consumer.events.CRASH, (e) => { if (!e.payload.restart) { clearTimeout(timer); reject(e.payload.error); } });
      consumer.subscribe({ topic, fromBeginning: true })
        .then(() => consumer.run({
          eachMessage: async ({ message }) => {
            seen.push(message.value!);
            if (seen.length >= count) { clearTimeout(timer); resolve(seen); }
          },
        }))
        .catch((error: unknown) => { clearTimeout(timer); reject(error); });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
};

beforeAll(async () => {
  // A stack folder of its own (nothing shared is touched) whose cache is the shared one: no download.
  stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-secure-'));
  fs.symlinkSync(path.join(repoRoot(), '.stack', 'cache'), path.join(stackDir, 'cache'));
  const env = {
    ...process.env, HUB_STACK_DIR: stackDir,
    HUB_SECURE_KAFKA_PORT: String(await freePort()), HUB_SECURE_KAFKA_CONTROLLER_PORT: String(await freePort()),
    HUB_SECURE_KAFKA_MTLS_PORT: String(await freePort()), HUB_SECURE_REDIS_PORT: String(await freePort()), HUB_SECURE_REGISTRY_PORT: String(await freePort()),
    SCHEMA_REGISTRY_URL: connections.registryUrl, REDIS_URL: connections.redisUrl, HUB_TOPIC_PREFIX: prefix,
  };
  stack = stackSettingsFrom(env);
  const funds = hubSettingsFrom(env).funds;
  // What `hub stack up --secure` passes (src/cli/stack-command.ts), for this test's topic prefix.
  options = { topicPrefix: prefix, topics: topicNames(prefix), fundCodes: funds.map((f) => f.code), caseSystems: [caseSystem] };
  broker = await secureStackUp(stack, env, options);
  const settings = hubSettingsFrom({ ...env, ...secureHubEnv(broker) });
  expect(settings.kafkaSasl).toMatchObject({ mechanism: 'scram-sha-256', username: 'hub' });
  // Every connection on TLS with the stack's CA, and credentials for the registry and Redis.
  expect(settings.security.kafkaTls?.ca).toContain('BEGIN CERTIFICATE');
  expect(settings.registryUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);
  expect(settings.security.registryAuth).toMatchObject({ username: 'hub' });
  expect(settings.redisUrl).toMatch(/^rediss:\/\//);
  expect(settings.security.redisUser).toMatchObject({ username: 'hub' });
  services = await connectServices(settings, testLogger);
  hub = await startHub(services);
}, 150_000);

afterAll(async () => {
  await hub?.stop();
  await services?.close();
  if (stack) await stackDown(stack);
  if (stackDir) fs.rmSync(stackDir, { recursive: true, force: true });
}, 60_000);

describe('the hub on the secured broker', () => {
  it('keeps a healthy secured broker and its passwords on a second `up`, in a credentials file only its owner reads', async () => {
    const again = await secureStackUp(stack, process.env, options);
    expect(again.started).toBe(false);
    expect(again.credentials.users).toEqual(broker.credentials.users);
    expect(fs.statSync(broker.credentialsFile).mode & 0o777).toBe(0o600);
    expect(Object.keys(broker.credentials.users)).toEqual(expect.arrayContaining(['admin', 'hub', caseSystem, secureFundUser('aak'), secureFundUser('3f')]));
  }, 60_000);

  it('routes a case system\'s report to the person\'s fund, which reads it, while another fund is refused', async () => {
    const { codec, topics, settings } = services;
    const [person] = samplePersons(1, ['aak'], 7);
    // Membership comes from the hub's side (a case system may write only the inbound topic).
    const members = await createMembershipPublisher({ kafka: services.kafka, codec, topics, personKeys: services.personKeys });
    await members.publish([{ cpr: person!.cpr, akasse: 'aak' }]);
    await members.close();
    const now = Date.now();
    const today = copenhagenDate(now);
    const publisher = await createReportPublisher({ kafka: clientAs(caseSystem), codec, topics, personKeys: services.personKeys });
    const results = await publisher.publishMany([kontaktgruppeStart(person!, 'kg-s', today, now), udeblivelse(person!, 'ude-s', today, now)]);
    await publisher.close();
    expect(results.every((r) => r.ok)).toBe(true);

    const [notification] = await readAs(secureFundUser('aak'), topics.fund('aak'), 1);
    expect(await codec.decode<Record<string, unknown>>(notification!)).toMatchObject({ indberetningId: 'ude-s', akasse: 'aak', paragraf: '§ 61' });
    await expect(readAs(secureFundUser('3f'), topics.fund('aak'), 1)).rejects.toThrow(/authoriz/i);
    // The case system reads the receipts, not the fund's topic.
    await expect(readAs(caseSystem, topics.fund('aak'), 1)).rejects.toThrow(/authoriz/i);
    // Mutual TLS: the certificate's CN is the principal, so the same ACLs hold.
    const [again] = await readAs(secureFundUser('aak'), topics.fund('aak'), 1, clientWithCertificate(secureFundUser('aak')));
    expect(again!.equals(notification!)).toBe(true);
    await expect(readAs(secureFundUser('3f'), topics.fund('aak'), 1, clientWithCertificate(secureFundUser('3f')))).rejects.toThrow(/authoriz/i);

    // The subscriber guide's Python consumer (librdkafka 2.16) logs in over SASL_SSL and with its
    // certificate, in a group the ACLs allow, and reads the registry over HTTPS with credentials.
    const { caFile, registry } = broker.credentials;
    const fund = secureFundUser('aak');
    const python = ensurePythonVenv('python-kit', PYTHON_KIT);
    const base = { ...process.env, FUND_TOPIC: topics.fund('aak'), KAFKA_CA_FILE: caFile!, SCHEMA_REGISTRY_URL: registry!.url, SCHEMA_REGISTRY_USER_INFO: `${registry!.username}:${registry!.password}`, SCHEMA_REGISTRY_CA_FILE: caFile! };
    type Failed = { stdout?: string; stderr?: string; message: string; killed?: boolean };
    const once = (env: Record<string, string>) => run(python, [path.join(repoRoot(), 'examples/python/fund_consumer.py'), '--max', '1'], { env: { ...base, ...env }, timeout: 75_000 })
      .then((r) => JSON.parse(r.stdout.trim()) as Record<string, unknown>);
    // In two full-suite runs of 2026-12-01 the consumer neither printed nor exited within its time
    // (alone it takes seconds; not understood yet). Such a run is shown with what the script wrote and
    // tried once more in a new group; a refusal or a second time-out fails the test.
    const consume = (env: Record<string, string>) => once(env).catch((e: Failed) => {
      if (!e.killed) throw new Error(`${e.message}\n${e.stderr ?? ''}`);
      console.warn(`fund_consumer.py timed out; stdout: ${e.stdout ?? ''}; stderr: ${e.stderr ?? ''}; trying once more in a new group`);
      return once({ ...env, GROUP_ID: `${env.GROUP_ID}-again` }).catch((again: Failed) => { throw new Error(`${again.message}\nstdout: ${again.stdout ?? ''}\nstderr: ${again.stderr ?? ''}`); });
    });
    const scram = await consume({ KAFKA_BROKERS: broker.brokers.join(','), GROUP_ID: `${fund}.python`, KAFKA_SASL_USERNAME: fund, KAFKA_SASL_PASSWORD: broker.credentials.users[fund]! });
    expect(scram).toMatchObject({ indberetningId: 'ude-s', haendelsesdato: today });
    const { certFile, keyFile } = broker.clientCert(fund);
    const mtls = await consume({ KAFKA_BROKERS: broker.credentials.mtlsBrokers!.join(','), GROUP_ID: `${fund}.python-mtls`, KAFKA_CERT_FILE: certFile, KAFKA_KEY_FILE: keyFile });
    expect(mtls).toMatchObject({ indberetningId: 'ude-s' });
    // A group outside `akasse-aak.` is refused, as the ACLs say (the old guide's `aak-fagsystem`).
    await expect(consume({ KAFKA_BROKERS: broker.brokers.join(','), GROUP_ID: 'aak-fagsystem', KAFKA_SASL_USERNAME: fund, KAFKA_SASL_PASSWORD: broker.credentials.users[fund]! }))
      .rejects.toThrow(/GROUP_AUTHORIZATION_FAILED|not authorized|Authorization/i);
  }, 300_000);

  it('refuses the registry without credentials and Redis without its ACL user', async () => {
    const { caFile, registry, redis } = broker.credentials;
    const status = await new Promise<number>((resolve, reject) => {
      https.get(`${registry!.url}/subjects`, { ca: fs.readFileSync(caFile!) }, (r) => { r.resume(); resolve(r.statusCode ?? 0); }).on('error', reject);
    });
    expect(status).toBe(401);
    const tls = { ca: fs.readFileSync(caFile!, 'utf8') };
    const attempt = async (options: { username?: string; password?: string }) => {
      const client = new Redis(redis!.url, { tls, ...options, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
      // A refused AUTH arrives as an error event, then the connection closes.
      let refused = '';
      client.on('error', (error: Error) => { refused ||= error.message; });
      try {
        await client.connect();
        return await client.set(uniqueName('probe'), '1');
      } catch (error) {
        return refused || (error as Error).message;
      } finally {
        client.disconnect();
      }
    };
    expect(await attempt({})).toMatch(/NOAUTH/);
    expect(await attempt({ username: redis!.username, password: 'wrong' })).toMatch(/WRONGPASS/);
    expect(await attempt({ username: redis!.username, password: redis!.password })).toBe('OK');
  });
});
