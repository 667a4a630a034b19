// Processes of one prefix with different roles make one hub: one runs only the rules consumer (and
// holds the person state), another the reconciliation consumer and the BullMQ side; reports flow
// through both, each consumer group has members of its own process only, and each instance's
// status says what it runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { groupNames, startHub, type RunningHub } from '../../src/app/hub.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { readInstances } from '../../src/ops/instances.ts';
import { eventually, personKeyOf, readTopic, testLogger, uniqueName } from '../support/services.ts';

const prefix = uniqueName('roles');
const stateRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-roles-'));
let rulesServices: Services;
let companionServices: Services;
let rulesHub: RunningHub;
let companionHub: RunningHub;

const connect = (instance: string) => connectServices(hubSettingsFrom({
  ...process.env, HUB_TOPIC_PREFIX: prefix, HUB_PARTITIONS: '2', HUB_INSTANCE_ID: instance, HUB_STATE_DIR: path.join(stateRoot, instance),
}), testLogger, `${instance}-client`);

beforeAll(async () => {
  [rulesServices, companionServices] = await Promise.all([connect('rules-only'), connect('companions')]);
  [rulesHub, companionHub] = await Promise.all([
    startHub(rulesServices, { roles: new Set(['rules']) }),
    startHub(companionServices, { roles: new Set(['reconciliation', 'delivery']) }),
  ]);
});

afterAll(async () => {
  await Promise.all([rulesHub?.stop(), companionHub?.stop()]);
  await Promise.all([rulesServices?.close(), companionServices?.close()]);
  fs.rmSync(stateRoot, { recursive: true, force: true });
});

describe('hub processes with roles', () => {
  it('share the work by role: the rules process decides and holds the state, the other reconciles', async () => {
    const { kafka, codec, topics } = rulesServices;
    const persons = samplePersons(2, ['aak', '3f'], 7);
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: rulesServices.personKeys });
    await members.publish(persons.map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
    await members.close();
    const now = Date.now();
    const today = copenhagenDate(now);
    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: rulesServices.personKeys });
    const sent = await publisher.publishMany(persons.flatMap((p, i) => [kontaktgruppeStart(p, `kg-${i}`, today, now), udeblivelse(p, `ude-${i}`, today, now)]));
    await publisher.close();
    expect(sent.every((r) => r.ok)).toBe(true);

    const receipts = await readTopic(kafka, topics.kvitteringer, (v) => codec.decode<Record<string, unknown>>(v), 4);
    expect(receipts.map((r) => [r.value.indberetningId, r.value.udfald]).sort()).toEqual([['kg-0', 'LEVERET'], ['kg-1', 'LEVERET'], ['ude-0', 'LEVERET'], ['ude-1', 'LEVERET']]);
    const key = await personKeyOf(rulesServices, persons[0]!.cpr);
    expect(rulesHub.person(key)).toMatchObject({ akasse: persons[0]!.akasse, kontaktgruppe: 1 });
    expect([companionHub.person(key), companionHub.rules, companionHub.restorer, rulesHub.reconciliation]).toEqual([{}, undefined, undefined, undefined]);

    // The reconciliation consumer of the other process read every accepted report off the warehouse topic:
    // its committed offsets reach each partition's end (all but the last transaction's commit marker).
    const warehouse = await readTopic(kafka, topics.datavarehus, (v) => codec.decode<Record<string, unknown>>(v), 4);
    expect(warehouse).toHaveLength(4);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const groups = groupNames(prefix);
      const ends = new Map((await admin.fetchTopicOffsets(topics.datavarehus)).map((p) => [p.partition, Number(p.high)]));
      const unread = async () => (await admin.fetchOffsets({ groupId: groups.reconciliation, topics: [topics.datavarehus] }))[0]!.partitions
        .filter((p) => ends.get(p.partition)! > 0 && Number(p.offset) < ends.get(p.partition)! - 1);
      expect(await eventually(async () => (await unread()).length === 0, 20_000, 200)).toBe(true);
      const described = await admin.describeGroups([groups.rules, groups.reconciliation, groups.scheduler]);
      const clientsOf = (groupId: string) => [...new Set(described.groups.find((g) => g.groupId === groupId)!.members.map((m) => m.clientId))];
      expect([clientsOf(groups.rules), clientsOf(groups.reconciliation), clientsOf(groups.scheduler)])
        .toEqual([['rules-only-client'], ['companions-client'], ['companions-client']]);
    } finally {
      await admin.disconnect();
    }
  });

  it('say in their status what they run; only the rules process owns inbound partitions', async () => {
    expect(await eventually(async () => (await readInstances(rulesServices.redis, prefix)).length === 2, 10_000, 250)).toBe(true);
    const instances = await readInstances(rulesServices.redis, prefix);
    const of = (id: string) => instances.find((i) => i.instance === id)!;
    expect([of('rules-only').roles, of('rules-only').partitions.length]).toEqual([['rules'], 2]);
    expect([of('companions').roles, of('companions').partitions]).toEqual([['reconciliation', 'delivery'], []]);
  });

  it('hub start refuses an unknown role before it connects, naming --roles and the roles there are', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot(), 'bin/hub.mjs'), 'start', '--no-stack', '--no-http', '--roles', 'rules,regler'], { encoding: 'utf8', timeout: 30_000 });
    expect([run.status, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toContain('hub: --roles: unknown role regler; choose from rules, reconciliation, delivery, receipts, outbox (comma-separated) [CONFIG_INVALID]');
  });
});
