import { hash } from 'node:crypto';
import type { PersonState } from '../rules/rule-set.ts';
import type { LocalDate } from '../rules/verdict.ts';
import { readPersonKey } from '../person-keys/person-key.ts';
import { remembered } from '../shared/remembered.ts';

/**
 * What the hub knows about an offer (tilbud) of chapter 11, by `<kildesystem>:<tilbudId>`: whether
 * its end was reported, and the latest end date reported for it (§ 62 stk. 1 nr. 2 and § 63).
 */
export interface OfferState {
  readonly ended: boolean;
  readonly slutdato: LocalDate | null;
}

/**
 * One change of the rules consumer's state. Every decision reads only this state, so each change
 * is written to a changelog topic in the same transaction as the report that made it, and applied
 * to the partition's store once that transaction has committed.
 */
export type StateChange =
  /**
   * From the membership topic: a person's fund and flexi-job status; `akasse: null` for a leaver.
   * `lookupId`: the lookup id of the record's CPR number, when the key is a key service's key (a
   * membership is written under the key the service gave for that CPR number); a tombstone forgets it.
   */
  | { readonly kind: 'membership'; readonly personKey: string; readonly akasse: string | null; readonly fleksjob: boolean; readonly lookupId?: string }
  /** The key service gave `personKey` for the person with `lookupId`: a report under it is on its person's partition. */
  | { readonly kind: 'noegle'; readonly personKey: string; readonly lookupId: string }
  /** From a chapter 2 report: the person's kontaktgruppe (null: left every group) as of `at` (epoch ms). */
  | { readonly kind: 'kontaktgruppe'; readonly personKey: string; readonly kontaktgruppe: number | null; readonly at: number }
  /**
   * A report id that was delivered: a resend of it is a DUBLET. `marker`: the id's `markerOf`, when
   * whoever made the change had computed it already (the rules consumer, to look for a duplicate).
   */
  | { readonly kind: 'delivered'; readonly reportId: string; readonly at: number; readonly marker?: Uint8Array }
  /** An offer's state after a delivered chapter 11 offer report. */
  | { readonly kind: 'offer'; readonly offerId: string; readonly offer: OfferState }
  /** The reconciliation consumer's ledger of a person (src/reconciliation/); null forgets the person. Kept in its own stores. */
  | { readonly kind: 'afstemning'; readonly personKey: string; readonly regnskab: object | null };

/** A report's identity for duplicate detection: the sending system and its id. */
export const reportIdOf = (kildesystem: string, indberetningId: string): string => `${kildesystem}:${indberetningId}`;
export const offerIdOf = (kildesystem: string, tilbudId: string): string => `${kildesystem}:${tilbudId}`;

/** The stored kontaktgruppe of a person, with the moment of the record that set it. */
export interface StoredKontaktgruppe {
  readonly kontaktgruppe: number | null;
  readonly at: number;
}

/** Whether a kontaktgruppe record replaces the stored one: an older record never overwrites a newer. */
export const replacesKontaktgruppe = (stored: StoredKontaktgruppe | undefined, at: number): boolean => stored === undefined || stored.at <= at;

/** The person state the rules read, from a membership and a kontaktgruppe record. */
export const personStateOf = (
  membership: { readonly akasse: string | null; readonly fleksjob: boolean } | undefined,
  status: StoredKontaktgruppe | undefined,
): PersonState => {
  // Filled field by field, not spread from parts: read once or twice for every report.
  const person: { kontaktgruppe?: number; akasse?: string; fleksjob?: boolean } = {};
  if (status !== undefined && status.kontaktgruppe !== null) person.kontaktgruppe = status.kontaktgruppe;
  if (membership?.akasse) person.akasse = membership.akasse;
  if (membership) person.fleksjob = membership.fleksjob;
  return person;
};

/**
 * An offer after a delivered report about it: an end report (`tilbud-slut`) ends it; a start or
 * change with an end date moves its latest end date.
 */
export const nextOffer = (current: OfferState | undefined, haendelsestype: string, slutdato: LocalDate | null): OfferState => ({
  ended: (current?.ended ?? false) || haendelsestype === 'tilbud-slut',
  slutdato: haendelsestype !== 'tilbud-slut' && slutdato ? slutdato : current?.slutdato ?? null,
});

/**
 * The end-of-offer check (§ 62 stk. 1 nr. 2: an offer's end is reported on its end date): a
 * missing-report alarm is due when the offer was not ended and its end date was not moved past
 * the date checked.
 */
export const offerEndMissing = (offer: OfferState | undefined, fristdato: LocalDate): boolean =>
  !(offer?.ended ?? false) && !(offer?.slutdato && offer.slutdato > fristdato);

/** What a decision reads: one partition's state. */
export interface StateView {
  person(personKey: string): PersonState;
  /** Whether the report id was delivered; `marker` is the id's `markerOf`, when the caller has it. */
  delivered(reportId: string, marker?: Uint8Array): boolean;
  offer(offerId: string): OfferState | undefined;
  /** The reconciliation ledger of a person, in the reconciliation consumer's stores. */
  afstemning(personKey: string): object | undefined;
  /** The lookup id the key service gave this person key for, when the partition has learnt it. */
  lookupIdOf(personKey: string): string | undefined;
}

/**
 * A batch's view of its partition: the store as committed, with the changes of the batch's earlier
 * reports on top (a chapter 2 report is seen by the chapter 11 report after it in the same batch).
 * Nothing reaches the store until the batch's transaction has committed.
 */
export const overlay = (base: StateView): StateView & { stage(changes: readonly StateChange[]): void } => {
  const kontaktgrupper = new Map<string, number | null>();
  const delivered = new Set<string>();
  const offers = new Map<string, OfferState>();
  const regnskaber = new Map<string, object | null>();
  const noegler = new Map<string, string>();
  return {
    person(personKey) {
      const person = base.person(personKey);
      if (!kontaktgrupper.has(personKey)) return person;
      const { kontaktgruppe: _, ...rest } = person;
      const kontaktgruppe = kontaktgrupper.get(personKey);
      return kontaktgruppe === null || kontaktgruppe === undefined ? rest : { ...rest, kontaktgruppe };
    },
    delivered: (reportId, marker) => delivered.has(reportId) || base.delivered(reportId, marker),
    offer: (offerId) => offers.get(offerId) ?? base.offer(offerId),
    afstemning: (personKey) => (regnskaber.has(personKey) ? regnskaber.get(personKey) ?? undefined : base.afstemning(personKey)),
    lookupIdOf: (personKey) => noegler.get(personKey) ?? base.lookupIdOf(personKey),
    stage(changes) {
      for (const c of changes) {
        if (c.kind === 'kontaktgruppe') kontaktgrupper.set(c.personKey, c.kontaktgruppe);
        else if (c.kind === 'delivered') delivered.add(c.reportId);
        else if (c.kind === 'offer') offers.set(c.offerId, c.offer);
        else if (c.kind === 'afstemning') regnskaber.set(c.personKey, c.regnskab);
        else if (c.kind === 'noegle') noegler.set(c.personKey, c.lookupId);
      }
    },
  };
};

/** The few operations a key-value store gives the state (SQLite on disk, a Map in `hub check`). */
export interface StateEntries {
  get(key: StateKey): unknown;
  put(key: StateKey, value: unknown): void;
  remove(key: StateKey): void;
  /** The delivered report ids, as a set of their markers (`markerOf`). */
  readonly markers: { has(marker: Uint8Array): boolean; add(marker: Uint8Array): void };
}

/** How many bytes of a report id's SHA-256 its delivered marker keeps. */
export const MARKER_BYTES = 12;

/**
 * A delivered report id's marker: the first 12 bytes (96 bits) of the id's SHA-256. A million
 * markers are most of a busy partition's store, so each is kept in as few bytes as the chance of a
 * false DUBLET allows: two different ids share a marker with a chance of about n²/2⁹⁷, 10⁻¹³ for
 * 10⁸ markers.
 */
export const markerOf = (reportId: string): Uint8Array => hash('sha256', reportId, 'buffer').subarray(0, MARKER_BYTES);

/** A key of the state: text, or bytes for a person's entries (`stateKeys`). */
export type StateKey = string | Uint8Array;

/**
 * A person's entry under a person key: an upper-case letter and the 16 bytes the key was made from,
 * 17 bytes where the text (`m:` and 28 letters) takes 30; with memberships the most numerous
 * entries at the country's size, a smaller file (40,000 memberships: under 0.8 of the text keys' bytes,
 * test/state/partition-store.unit.test.ts). A key in another form (one of the old keyed hash) keeps `<letter>:` and its text;
 * no text key begins with an upper-case letter.
 */
const personEntry = (letter: string) => {
  const first = letter.toUpperCase().charCodeAt(0);
  return (personKey: string): StateKey => {
    const key = Buffer.allocUnsafe(17);
    if (!readPersonKey(personKey, key, 1)) return `${letter}:${personKey}`;
    key[0] = first;
    return key;
  };
};

/**
 * The keys of the state, by person key: `M`/`m:` membership, `K`/`k:` kontaktgruppe, `N`/`n:` the
 * key's lookup id, `A`/`a:` reconciliation ledgers; `o:` offers by offer id (the delivered markers
 * are a set of their own).
 */
export const stateKeys = {
  noegle: personEntry('n'),
  membership: personEntry('m'),
  kontaktgruppe: personEntry('k'),
  offer: (offerId: string): StateKey => `o:${offerId}`,
  afstemning: personEntry('a'),
} as const;

/**
 * Whether applying the change reads the entry it may replace (a kontaktgruppe record never
 * overwrites a newer one). Every other change writes blind: a store may stage it and write it later
 * in the same order (`PartitionStore.apply`, restoring).
 */
export const readsBeforeWriting = (c: StateChange): boolean => c.kind === 'kontaktgruppe';

/** Applies one change: the one meaning of each change, wherever the state is kept. */
export const applyChange = (entries: StateEntries, c: StateChange): void => {
  switch (c.kind) {
    case 'membership': {
      // A membership names its CPR number, so it confirms the key: its lookup id is kept in the
      // membership entry itself (16 bytes, not a second entry per member). A tombstone (a leaver,
      // or an old key that `hub keys migrate` retired) withdraws what the record confirmed.
      const kept = c.akasse !== null || c.fleksjob;
      const confirmed = kept && c.lookupId !== undefined ? lookupIdBytes(c.lookupId) : undefined;
      if (kept) entries.put(stateKeys.membership(c.personKey), membershipBytes(c.akasse, c.fleksjob, confirmed));
      else entries.remove(stateKeys.membership(c.personKey));
      if (c.lookupId !== undefined && !confirmed) entries.put(stateKeys.noegle(c.personKey), c.lookupId);
      else if (c.lookupId === undefined && c.akasse === null) entries.remove(stateKeys.noegle(c.personKey));
      break;
    }
    case 'noegle':
      entries.put(stateKeys.noegle(c.personKey), c.lookupId);
      break;
    case 'kontaktgruppe':
      if (replacesKontaktgruppe(entries.get(stateKeys.kontaktgruppe(c.personKey)) as StoredKontaktgruppe | undefined, c.at)) {
        entries.put(stateKeys.kontaktgruppe(c.personKey), { kontaktgruppe: c.kontaktgruppe, at: c.at } satisfies StoredKontaktgruppe);
      }
      break;
    case 'delivered':
      entries.markers.add(c.marker ?? markerOf(c.reportId));
      break;
    case 'offer':
      entries.put(stateKeys.offer(c.offerId), c.offer);
      break;
    case 'afstemning':
      if (c.regnskab === null) entries.remove(stateKeys.afstemning(c.personKey));
      else entries.put(stateKeys.afstemning(c.personKey), c.regnskab);
      break;
  }
};

/**
 * A lookup id (32 hex digits) as the 16 bytes a membership entry keeps; any other form is kept as
 * it is (`undefined` from `lookupIdBytes` then, and the id goes to its own entry).
 */
const lookupIdBytes = (lookupId: string): Uint8Array | undefined =>
  /^[0-9a-f]{32}$/.test(lookupId) ? Buffer.from(lookupId, 'hex') : undefined;

/** A stored membership as the rules read it: fund and flexi-job status (its lookup id: `confirmedLookupId`). */
interface StoredMembership {
  readonly akasse: string | null;
  readonly fleksjob: boolean;
}

/** A stored membership's flag byte, and the size of the lookup id that follows it when flagged. */
const FLEKSJOB = 1;
const FUND = 2;
const LOOKUP_ID = 4;
const LOOKUP_ID_BYTES = 16;

/**
 * A membership as the bytes its store entry keeps (2.5 million of them at the country's size): a
 * flag byte (1 flexi-job, 2 a fund, 4 a lookup id), the lookup id's 16 bytes if any, then the fund
 * code in UTF-8. As an object it took 45 bytes; this takes 20 for a fund code of three letters.
 */
const membershipBytes = (akasse: string | null, fleksjob: boolean, lookupId: Uint8Array | undefined): Buffer => {
  const idBytes = lookupId ? LOOKUP_ID_BYTES : 0;
  const bytes = Buffer.allocUnsafe(1 + idBytes + (akasse === null ? 0 : Buffer.byteLength(akasse, 'utf8')));
  bytes[0] = (fleksjob ? FLEKSJOB : 0) | (akasse === null ? 0 : FUND) | (lookupId ? LOOKUP_ID : 0);
  if (lookupId) bytes.set(lookupId, 1);
  if (akasse !== null) bytes.write(akasse, 1 + idBytes, 'utf8');
  return bytes;
};

const membershipOf = (stored: unknown): StoredMembership | undefined => {
  if (!(stored instanceof Uint8Array) || stored.length === 0) return undefined;
  const flags = stored[0]!;
  const idBytes = flags & LOOKUP_ID ? LOOKUP_ID_BYTES : 0;
  const akasse = flags & FUND ? Buffer.from(stored.buffer, stored.byteOffset + 1 + idBytes, stored.length - 1 - idBytes).toString('utf8') : null;
  const fleksjob = (flags & FLEKSJOB) !== 0;
  return { akasse, fleksjob };
};

/** The lookup id a stored membership keeps, as hex; read for every report, so without the membership's object. */
const confirmedLookupId = (stored: unknown): string | undefined =>
  stored instanceof Uint8Array && stored.length > LOOKUP_ID_BYTES && (stored[0]! & LOOKUP_ID) !== 0
    ? Buffer.from(stored.buffer, stored.byteOffset + 1, LOOKUP_ID_BYTES).toString('hex')
    : undefined;

/**
 * Reads the state from its entries. `keepMemberships`: each person's membership entry is kept from
 * its first look-up on (`remembered`, a few thousand of them), for a view that lives as long as one
 * rules batch, which reads a person's membership for the key check before it asks the key service
 * and again for the decision after, when SQLite's page cache no longer holds the page.
 */
export const viewOf = (entries: Pick<StateEntries, 'get' | 'markers'>, options: { keepMemberships?: boolean } = {}): StateView => {
  const read = (personKey: string): unknown => entries.get(stateKeys.membership(personKey));
  const membership = options.keepMemberships ? remembered(read) : read;
  return {
    person: (personKey) => personStateOf(
      membershipOf(membership(personKey)),
      entries.get(stateKeys.kontaktgruppe(personKey)) as StoredKontaktgruppe | undefined,
    ),
    delivered: (reportId, marker) => entries.markers.has(marker ?? markerOf(reportId)),
    offer: (offerId) => entries.get(stateKeys.offer(offerId)) as OfferState | undefined,
    afstemning: (personKey) => entries.get(stateKeys.afstemning(personKey)) as object | undefined,
    lookupIdOf: (personKey) => {
      const learnt = entries.get(stateKeys.noegle(personKey)) as string | undefined;
      if (learnt !== undefined) return learnt;
      return confirmedLookupId(membership(personKey));
    },
  };
};

/** The state in memory, for `hub check` (one run, one file): the same changes with the same meaning. */
export const memoryState = (): StateView & { apply(changes: readonly StateChange[]): void } => {
  const map = new Map<string, unknown>();
  // Byte keys as text a text key never is (a NUL and their hex), so the Map compares them by value.
  const text = (k: StateKey): string => (typeof k === 'string' ? k : `\u0000${Buffer.from(k.buffer, k.byteOffset, k.length).toString('hex')}`);
  const markers = new Set<string>();
  const entries: StateEntries = {
    get: (k) => map.get(text(k)), put: (k, v) => { map.set(text(k), v); }, remove: (k) => { map.delete(text(k)); },
    markers: { has: (m) => markers.has(text(m)), add: (m) => { markers.add(text(m)); } },
  };
  return { ...viewOf(entries), apply: (changes) => { for (const c of changes) applyChange(entries, c); } };
};
