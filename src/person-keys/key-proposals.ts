import { isPersonKey, type PersonKey } from './person-key.ts';

/**
 * The mapping topic's records and the rule that picks one key per person.
 *
 * A record proposes a key for a lookup id (person-key.ts): its Kafka key is `<lookupId>.<personKey>`
 * and its value the person key. Every proposal for one lookup id goes to one partition
 * (`proposalPartition`), and the proposal with the lowest offset there wins. Two hub instances that
 * propose at once both read their partition back to their own record and so agree on the winner.
 * Each proposal has a Kafka key of its own, so compaction never removes one (it would remove the
 * earlier of two records with one key, and with it the winner); offsets survive compaction, so the
 * winner stays the winner for every later reader. A loser's record is a few dozen bytes, and only a
 * race writes one.
 */
export interface KeyProposal {
  readonly lookupId: string;
  readonly personKey: PersonKey;
}

const LOOKUP_ID = /^[0-9a-f]{32}$/;

export const proposalRecordKey = (p: KeyProposal): string => `${p.lookupId}.${p.personKey}`;

/** The proposal a record holds, or undefined for a record that is not one (a tombstone, a foreign key). */
export const proposalOf = (recordKey: string | null, value: string | null): KeyProposal | undefined => {
  if (recordKey === null || value === null) return undefined;
  const [lookupId, personKey, ...rest] = recordKey.split('.');
  if (rest.length > 0 || !lookupId || !personKey || !LOOKUP_ID.test(lookupId) || !isPersonKey(personKey) || personKey !== value) return undefined;
  return { lookupId, personKey };
};

/** The partition of a lookup id's proposals: any fixed function of the id works, as only the hub writes them. */
export const proposalPartition = (lookupId: string, partitions: number): number =>
  Number.parseInt(lookupId.slice(0, 8), 16) % partitions;

/** What a partition's records in offset order decide, given what was decided before: first proposal wins. */
export const winnersOf = (known: (lookupId: string) => PersonKey | undefined, proposals: readonly KeyProposal[]): Map<string, PersonKey> => {
  const won = new Map<string, PersonKey>();
  for (const p of proposals) if (known(p.lookupId) === undefined && !won.has(p.lookupId)) won.set(p.lookupId, p.personKey);
  return won;
};
