import { isPersonKey, type PersonKey } from './person-key.ts';

/** The latest record of one key of a compacted topic, as a migration reads it (null value: a tombstone). */
export interface StoredRecord {
  readonly partition: number;
  readonly key: string;
  readonly value: Buffer | null;
}

/** A record the migration writes; a null value is a tombstone. */
export interface MigrationRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  readonly value: Buffer | null;
}

/** What the migration found: the hub's person-keyed topics, and what ties their keys to CPR numbers. */
export interface MigrationInput {
  readonly topics: { readonly medlemskab: string; readonly personstatus: string; readonly leveringer: string };
  readonly medlemskab: readonly StoredRecord[];
  readonly personstatus: readonly StoredRecord[];
  readonly leveringer: readonly StoredRecord[];
  /** The CPR number behind an old key (the keyed hash of every CPR the hub has seen). */
  readonly cprOfLegacyKey: ReadonlyMap<string, string>;
  /** Whose report or offer a delivery record is (from the inbound topic): `d:<reportId>` / `o:<offerId>` → CPR. */
  readonly cprOfDelivery: ReadonlyMap<string, string>;
  readonly newKeyOf: ReadonlyMap<string, PersonKey>;
  /** The partition of a person key in the co-partitioned topics. */
  readonly partitionOf: (key: PersonKey) => number;
}

export interface MigrationPlan {
  readonly records: readonly MigrationRecord[];
  /** Per topic: records moved to new keys now, records that were moved before (or are new), and old records whose person is unknown. */
  readonly counts: Readonly<Record<'medlemskab' | 'personstatus' | 'leveringer', { moved: number; done: number; unresolved: number }>>;
}

/**
 * What `hub keys migrate` writes, decided without I/O. A person-keyed record under an old key
 * (memberships, contact groups) is written under the person's new key, unless that key has a record
 * already (written since by the membership feed or the rules: newer, so it wins), and the old key
 * gets a tombstone. A delivery record moves to the partition of its person's new key, unless it is
 * there already. Running it again writes only what is missing, so an interrupted run is resumed by
 * running it again.
 */
export const planMigration = (i: MigrationInput): MigrationPlan => {
  const records: MigrationRecord[] = [];
  const rekey = (topic: string, stored: readonly StoredRecord[]) => {
    const counts = { moved: 0, done: 0, unresolved: 0 };
    const present = new Set(stored.filter((r) => r.value !== null && isPersonKey(r.key)).map((r) => r.key));
    for (const r of stored) {
      if (isPersonKey(r.key) || r.value === null) { counts.done++; continue; }
      const cpr = i.cprOfLegacyKey.get(r.key);
      const newKey = cpr === undefined ? undefined : i.newKeyOf.get(cpr);
      if (newKey === undefined) { counts.unresolved++; continue; }
      if (!present.has(newKey)) records.push({ topic, partition: i.partitionOf(newKey), key: newKey, value: r.value });
      records.push({ topic, partition: r.partition, key: r.key, value: null });
      counts.moved++;
    }
    return counts;
  };
  const medlemskab = rekey(i.topics.medlemskab, i.medlemskab);
  const personstatus = rekey(i.topics.personstatus, i.personstatus);

  const leveringer = { moved: 0, done: 0, unresolved: 0 };
  const placed = new Set(i.leveringer.map((r) => `${r.partition}/${r.key}`));
  for (const r of i.leveringer) {
    if (r.value === null) continue;
    const cpr = i.cprOfDelivery.get(r.key);
    const newKey = cpr === undefined ? undefined : i.newKeyOf.get(cpr);
    if (newKey === undefined) { leveringer.unresolved++; continue; }
    const partition = i.partitionOf(newKey);
    if (partition === r.partition || placed.has(`${partition}/${r.key}`)) { leveringer.done++; continue; }
    records.push({ topic: i.topics.leveringer, partition, key: r.key, value: r.value });
    placed.add(`${partition}/${r.key}`);
    leveringer.moved++;
  }
  return { records, counts: { medlemskab, personstatus, leveringer } };
};
