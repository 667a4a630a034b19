import type { Kafka } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import type { ReportEnvelope } from '../consumers/messages.ts';
import { groupMemberCount, partitionCount } from '../kafka/partitioning.ts';
import { partitionOfKey } from '../kafka/partitioner.ts';
import { writeRecords } from '../kafka/record-writer.ts';
import { scanTopic } from '../ops/index.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError, isHubError } from '../shared/errors.ts';
import { offerIdOf, reportIdOf } from '../state/changes.ts';
import type { PersonKeys } from './key-service.ts';
import { planMigration, type MigrationPlan, type StoredRecord } from './migration-plan.ts';
import { legacyPersonKeyOf, type PersonKey } from './person-key.ts';

export interface MigrationSummary {
  readonly counts: MigrationPlan['counts'];
  /** CPR numbers found (memberships and reports), each now with a key from the key service. */
  readonly persons: number;
  /** Records written by this run (copies under new keys, tombstones of old keys, moved deliveries). */
  readonly written: number;
  /** Inbound reports that could not be decoded (their person cannot be known). */
  readonly undecodable: number;
}

/** Latest record per partition and key of a compacted topic, in the order the keys were last written. */
const latestOf = async (kafka: Kafka, topic: string): Promise<StoredRecord[]> => {
  const latest = new Map<string, StoredRecord>();
  await scanTopic(kafka, topic, ({ partition, message }) => {
    const key = message.key?.toString();
    if (key === undefined) return;
    latest.delete(`${partition}/${key}`);
    latest.set(`${partition}/${key}`, { partition, key, value: message.value ?? null });
  }, { timeoutMs: 600_000 });
  return [...latest.values()];
};

/**
 * `hub keys migrate`: moves what the hub keeps under the old keyed hash of the CPR number to the key
 * service's random keys (planMigration says what, and why it can be run again). The CPR numbers come
 * from the membership topic's values and the inbound reports; the old key of each is its keyed hash
 * with HUB_LEGACY_PERSON_KEY_SECRET. Run it with the hub stopped (docs/person-keys.md).
 */
export const migratePersonKeys = async (o: { kafka: Kafka; codec: HubCodec; topics: TopicNames; personKeys: PersonKeys; legacySecret: string; rulesGroup: string }): Promise<MigrationSummary> => {
  // A running rules consumer would judge with state being moved under it, and its stores would not
  // see the moved contact groups until their next restore.
  if (await groupMemberCount(o.kafka, o.rulesGroup) > 0) {
    throw new HubError('HUB_RUNNING', `a hub instance is running (consumer group ${o.rulesGroup} has members): stop every instance, then run hub keys migrate`);
  }
  const [medlemskab, personstatus, leveringer] = await Promise.all([o.topics.medlemskab, o.topics.personstatus, o.topics.leveringer].map((t) => latestOf(o.kafka, t)));
  const cprs = new Set<string>();
  for (const r of medlemskab!) if (r.value !== null) cprs.add((await o.codec.decode<{ cpr: string }>(r.value)).cpr);
  const cprOfDelivery = new Map<string, string>();
  let undecodable = 0;
  const reports: Buffer[] = [];
  await scanTopic(o.kafka, o.topics.indberetninger, ({ message }) => { if (message.value) reports.push(message.value); }, { timeoutMs: 600_000 });
  for (const value of reports) {
    const decoded = await o.codec.decodeInbound(value).catch((error: unknown) => {
      if (isHubError(error) && error.code === 'DECODE_FAILED') return undefined;
      throw error; // the registry is away: nothing is written, run it again
    });
    if (!decoded) { undecodable++; continue; }
    const envelope = decoded.report as unknown as ReportEnvelope & { tilbud?: { tilbudId?: string } };
    const cpr = String(envelope.cpr);
    cprs.add(cpr);
    cprOfDelivery.set(`d:${reportIdOf(envelope.kildesystem, envelope.indberetningId)}`, cpr);
    if (envelope.tilbud?.tilbudId) cprOfDelivery.set(`o:${offerIdOf(envelope.kildesystem, envelope.tilbud.tilbudId)}`, cpr);
  }
  const all = [...cprs];
  const newKeyOf = new Map<string, PersonKey>();
  for (let i = 0; i < all.length; i += 10_000) {
    const batch = all.slice(i, i + 10_000);
    (await o.personKeys.keysFor(batch)).forEach((key, j) => newKeyOf.set(batch[j]!, key));
  }
  const partitions = await partitionCount(o.kafka, o.topics.indberetninger);
  const plan = planMigration({
    topics: o.topics, medlemskab: medlemskab!, personstatus: personstatus!, leveringer: leveringer!,
    cprOfLegacyKey: new Map(all.map((cpr) => [legacyPersonKeyOf(o.legacySecret, cpr), cpr])),
    cprOfDelivery, newKeyOf, partitionOf: (key) => partitionOfKey(key, partitions),
  });
  await writeRecords(o.kafka, plan.records);
  return { counts: plan.counts, persons: all.length, written: plan.records.length, undecodable };
};
