// Issue 7 (e): a three-node KRaft cluster on loopback (replication 3, min ISR 2). The leader of a
// fund topic's partition is SIGKILLed in the middle of a stream; the hub rides out the leader
// elections (and coordinators moving) and a read_committed reader sees each notification once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackSettingsFrom, startKafkaCluster, type KafkaCluster } from '../../infra/index.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { balanceLedger, NO_SHORTFALLS, publishInSlices, shortfalls } from '../support/fault-ledger.ts';
import { recordFigures, seconds, sized } from '../support/fault-report.ts';
import { prepareStream, STREAM_FUNDS } from '../support/fault-stream.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { freePort, ownStackDir } from '../support/own-stack.ts';
import { testLogger, uniqueName } from '../support/services.ts';

const PERSONS = sized(600, 10_000);
const RESTART_KILLED = true;

let cluster: KafkaCluster;
let dir: string;
let services: Services;
let hub: HubProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  dir = ownStackDir('cluster');
  const stack = stackSettingsFrom({ ...process.env, HUB_STACK_DIR: dir });
  const nodes = [];
  for (const id of [1, 2, 3]) nodes.push({ id, port: await freePort(), controllerPort: await freePort() });
  cluster = await startKafkaCluster(stack, process.env, { runDir: path.join(dir, 'run', 'cluster'), nodes, heapMb: 512 });
  env = {
    KAFKA_BROKERS: cluster.brokers.join(','), HUB_REPLICATION_FACTOR: '3',
    HUB_TOPIC_PREFIX: uniqueName('rf3'), HUB_PARTITIONS: '3', HUB_SESSION_TIMEOUT_MS: '6000', HUB_REQUIRE_AGREEMENT: 'false',
  };
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
}, 240_000);

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a three-broker cluster losing a partition leader', () => {
  it(`loses and doubles nothing when the leader of a fund partition is SIGKILLed during ${PERSONS * 2} reports`, async () => {
    const { kafka, codec, topics, settings } = services;
    const admin = kafka.admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [topics.fund('aak')] });
    const partition0 = meta.topics[0]!.partitions.find((p) => p.partitionId === 0)!;
    const leader = partition0.leader;
    const topicConfig = await admin.describeConfigs({ resources: [{ type: 2, name: topics.fund('aak'), configNames: ['min.insync.replicas'] }], includeSynonyms: false });
    await admin.disconnect();
    expect(partition0.replicas).toHaveLength(3);
    expect(topicConfig.resources[0]!.configEntries[0]!.configValue).toBe('2');

    const stream = await prepareStream(services, PERSONS, 'rf3');
    hub = spawnHub(env);
    await hub.ready;
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 200 });
    const slices = 10;
    let killedAt = 0;
    let restartedAt = 0;
    const { resends } = await publishInSlices(publisher, stream.submissions, slices, async (s) => {
      if (s === 3) {
        await new Promise((r) => setTimeout(r, 300));
        killedAt = Date.now();
        await cluster.kill(leader, 'SIGKILL');
      }
      if (s === 7 && RESTART_KILLED) {
        await cluster.start(leader);
        restartedAt = Date.now();
      }
    });
    await publisher.close();
    const ledger = await balanceLedger({ kafka, codec, topics, reportIds: stream.reportIds, fundOf: stream.fundOf, funds: STREAM_FUNDS, timeoutMs: sized(240_000, 900_000) });
    const alive = hub.child.exitCode === null && hub.child.signalCode === null;
    const diag = kafka.admin();
    await diag.connect();
    const inboundHigh = (await diag.fetchTopicOffsets(topics.indberetninger)).map((p) => `${p.partition}:${p.low}-${p.high}`);
    const groupOffsets = (await diag.fetchOffsets({ groupId: `${settings.topicPrefix}.regler`, topics: [topics.indberetninger] }))[0]!.partitions.map((p) => `${p.partition}:${p.offset}`);
    await diag.disconnect();
    recordFigures('cluster-leader-loss', {
      nodes: 3, replicationFactor: 3, minIsr: 2, killedNode: leader, reports: ledger.reports, publisherResends: resends,
      inboundCopies: ledger.inboundCopies, acknowledgedButNeverOnInbound: ledger.neverReachedInbound.length, receipts: ledger.receipts, finalReceipts: ledger.finalReceipts, notifications: ledger.notifications,
      lost: ledger.lostReceipts.length + ledger.lostNotifications.length, doubled: ledger.doubledFinalReceipts.length + ledger.doubledNotifications.length,
      secondsFromKillToAllCounted: seconds(Date.now() - killedAt), secondsKilledNodeWasDown: seconds(restartedAt - killedAt), hubAlive: alive,
      ...(ledger.lostReceipts.length + ledger.doubledNotifications.length + ledger.doubledFinalReceipts.length > 0
        ? { inboundHigh, groupOffsets, lostSample: ledger.lostReceipts.slice(0, 5), doubledSample: [...ledger.doubledFinalReceipts, ...ledger.doubledNotifications].slice(0, 5) } : {}),
    });
    if (!alive || ledger.lostReceipts.length > 0) {
      const fs = await import('node:fs');
      fs.writeFileSync(path.join(process.cwd(), 'test-artifacts', 'faults', 'cluster-leader-loss.hub.log'), hub.output());
    }
    expect(alive).toBe(true);
    // Every report the SDK was told was sent reached the inbound topic (kafkajs's send is patched for
    // a partition whose leader moved, tulios/kafkajs#1303), and none of it was lost or doubled after.
    expect(shortfalls(ledger)).toEqual(NO_SHORTFALLS);
    expect(ledger.notifications).toBe(stream.fundOf.size);
  }, sized(300_000, 1_800_000));
});
