// Lag as the hub reports it must equal what Kafka's own consumer-groups tool reports.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { opsPlugin } from '../../src/http/ops-plugin.ts';
import { metricsPlugin } from '../../src/http/plugins.ts';
import { createLagReader, createMetrics, hubLagTargets, startOpsSamplers, type PartitionLag } from '../../src/ops/index.ts';
import { groupNames } from '../../src/app/hub.ts';
import { queueNames } from '../../src/delivery/queues.ts';
import { connections, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const kafkaLib = path.join(repoRoot(), '.stack/cache/kafka-4.4.0/lib');

/** Kafka's own view: `kafka-consumer-groups.sh --describe --group G`, parsed into rows. */
const kafkaToolLag = async (group: string): Promise<Array<Pick<PartitionLag, 'topic' | 'partition' | 'committedOffset' | 'endOffset' | 'lag'>>> => {
  const { stdout } = await run('java', ['-cp', `${kafkaLib}/*`, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
    '--bootstrap-server', connections.kafkaBrokers.join(','), '--describe', '--group', group], { timeout: 60_000 });
  return stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((c) => c[0] === group).map((c) => ({
    topic: c[1]!, partition: Number(c[2]), committedOffset: c[3] === '-' ? null : c[3]!, endOffset: c[4]!, lag: c[5] === '-' ? null : Number(c[5]),
  })).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
};

let services: Services;
let kafka: Kafka;
let admin: Admin;
let prefix: string;
let fundTopic: string;
let group: string;

beforeAll(async () => {
  prefix = uniqueName('lag');
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: prefix, HUB_PARTITIONS: '2' }), testLogger);
  kafka = services.kafka;
  admin = kafka.admin();
  await admin.connect();
  // A fund's consumer group with known, stable lag: 5 messages on each of 2 partitions of a fund
  // topic, committed at 2 and 4. Nobody consumes, so nothing moves while the two tools look.
  fundTopic = services.topics.fund('aak');
  group = `${prefix}.fund-aak-consumer`;
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: fundTopic, messages: [0, 1].flatMap((partition) => Array.from({ length: 5 }, (_, i) => ({ partition, key: `k${i}`, value: `v${i}` }))) });
  await producer.disconnect();
  await admin.setOffsets({ groupId: group, topic: fundTopic, partitions: [{ partition: 0, offset: '2' }, { partition: 1, offset: '4' }] });
});

afterAll(async () => {
  await admin?.deleteGroups([group]).catch(() => undefined);
  await admin?.disconnect();
  await services?.close();
});

describe('consumer lag', () => {
  it('equals what Kafka\'s consumer-groups tool reports for the same group', async () => {
    const reader = createLagReader(admin, hubLagTargets(services.topics, groupNames(prefix)));
    const [ours, theirs] = await Promise.all([reader.read([group]), kafkaToolLag(group)]);
    expect(theirs).toEqual([
      { topic: fundTopic, partition: 0, committedOffset: '2', endOffset: '5', lag: 3 },
      { topic: fundTopic, partition: 1, committedOffset: '4', endOffset: '5', lag: 1 },
    ]);
    expect(ours.map(({ group: _g, ...r }) => r)).toEqual(theirs);
  });

  it('prints the same figures in the terminal: hub lag', async () => {
    const env = { ...process.env, HUB_TOPIC_PREFIX: prefix, HUB_PARTITIONS: '2' };
    const hub = (...args: string[]) => run(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), 'lag', '--group', group, ...args], { env, timeout: 60_000 });
    const [json, table] = await Promise.all([hub('--json'), hub()]);
    expect((JSON.parse(json.stdout) as PartitionLag[]).map((r) => r.lag)).toEqual([3, 1]);
    expect(table.stdout.split('\n')[0]).toMatch(/^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG\s+INSTANCE\s+STATE$/);
    expect(table.stdout).toMatch(new RegExp(`${group.replace(/\./g, '\\.')}\\s+${fundTopic.replace(/\./g, '\\.')}\\s+0\\s+2\\s+5\\s+3`));
  });

  it('finds a fund\'s group by the topic it reads, beside the hub\'s own groups, even before it commits', async () => {
    // A running consumer of another fund's topic that has committed nothing: found by its assignment.
    const running = `${prefix}.fund-hk-consumer`;
    const consumer = kafka.consumer({ groupId: running });
    await consumer.connect();
    await consumer.subscribe({ topic: services.topics.fund('hk'), fromBeginning: true });
    let joined!: () => void;
    const join = new Promise<void>((resolve) => { joined = resolve; });
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await join;
    try {
      const rows = await createLagReader(admin, hubLagTargets(services.topics, groupNames(prefix))).read();
      expect(rows.filter((r) => r.group === group).map((r) => r.lag)).toEqual([3, 1]);
      expect(rows.filter((r) => r.group === running).map((r) => [r.topic, r.partition, r.lag])).toEqual([[services.topics.fund('hk'), 0, null], [services.topics.fund('hk'), 1, null]]);
      expect(rows.some((r) => r.group === `${prefix}.regler` && r.topic === services.topics.indberetninger)).toBe(true);
      expect(rows.filter((r) => r.group === `${prefix}.afstemning`).map((r) => r.topic)).toEqual(expect.arrayContaining([services.topics.datavarehus, services.topics.bevillinger, services.topics.udbetalinger]));
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([running]).catch(() => undefined);
    }
  });

  it('serves the same figures at /api/ops/lag and as hub_consumer_lag', async () => {
    const app = await createHttpServer({ logger: testLogger, plugins: [opsPlugin({ services, health: undefined as never })] });
    try {
      const response = await app.inject({ method: 'GET', url: `/api/ops/lag?group=${encodeURIComponent(group)}` });
      expect(response.statusCode).toBe(200);
      expect((response.json() as { rows: PartitionLag[] }).rows.map((r) => r.lag)).toEqual([3, 1]);
    } finally {
      await app.close();
    }
    const metrics = createMetrics();
    const samplers = await startOpsSamplers({ kafka, redis: services.redis, topics: services.topics, targets: { groups: groupNames(prefix), queues: queueNames(prefix) }, metrics, logger: testLogger, intervalMs: 60_000 });
    try {
      await samplers.sampleNow();
      const lag = await metrics.consumerLag.get();
      expect(lag.values.filter((v) => v.labels.group === group).map((v) => [v.labels.partition, v.value]).sort()).toEqual([['0', 3], ['1', 1]]);
      const queues = await metrics.queueJobs.get();
      expect(queues.values.filter((v) => v.labels.queue === `${prefix}-ventende`).map((v) => v.labels.state).sort()).toEqual(['active', 'delayed', 'failed', 'waiting']);
    } finally {
      await samplers.stop();
    }
    const app2 = await createHttpServer({ logger: testLogger, plugins: [metricsPlugin({ services, health: undefined as never, hub: { metrics } as never })] });
    expect((await app2.inject({ method: 'GET', url: '/metrics' })).body).toContain(`hub_consumer_lag{group="${group}",topic="${fundTopic}",partition="0"} 3`);
    await app2.close();
  });
});
