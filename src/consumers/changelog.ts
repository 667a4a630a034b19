import type { KafkaMessage } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import type { ChangelogReader } from '../kafka/state-restorer.ts';
import type { StateChange } from '../state/changes.ts';
import { isPersonKey } from '../person-keys/person-key.ts';

/**
 * Reads the changelog topics back into state changes: memberships (a tombstone is a leaver),
 * the rules consumer's kontaktgruppe records, its delivered report ids and offer states, and the
 * person keys the key service confirmed. `lookupIdOf` turns a membership's CPR number into its
 * lookup id, so that a member's key is known to be right without asking the key service.
 */
export const changelogReader = (codec: HubCodec, topics: TopicNames, lookupIdOf: (cpr: string) => string): ChangelogReader => {
  const changesOf = (topic: string, key: string, value: unknown): readonly StateChange[] => {
    if (topic === topics.medlemskab) {
      const m = value as { cpr: string; akasse: string | null; fleksjob: boolean };
      // Only a key service's key is confirmed (a key of the old keyed hash waits for `hub keys migrate`).
      return [isPersonKey(key) && m.cpr
        ? { kind: 'membership', personKey: key, akasse: m.akasse, fleksjob: m.fleksjob, lookupId: lookupIdOf(m.cpr) }
        : { kind: 'membership', personKey: key, akasse: m.akasse, fleksjob: m.fleksjob }];
    }
    if (topic === topics.personstatus) {
      const s = value as { kontaktgruppe: number | null; opdateret: string };
      return [{ kind: 'kontaktgruppe', personKey: key, kontaktgruppe: s.kontaktgruppe, at: Date.parse(s.opdateret) }];
    }
    if (topic === topics.leveringer) {
      const l = value as { art: string; tidspunkt: string; tilbudAfsluttet: boolean; tilbudSlutdato: string | null; opslagsId?: string | null };
      if (l.art === 'NOEGLE' && key.startsWith('n:') && l.opslagsId) return [{ kind: 'noegle', personKey: key.slice(2), lookupId: l.opslagsId }];
      if (l.art === 'LEVERET' && key.startsWith('d:')) return [{ kind: 'delivered', reportId: key.slice(2), at: Date.parse(l.tidspunkt) }];
      if (l.art === 'TILBUD' && key.startsWith('o:')) return [{ kind: 'offer', offerId: key.slice(2), offer: { ended: l.tilbudAfsluttet, slutdato: l.tilbudSlutdato } }];
    }
    return [];
  };
  return (topic: string, message: KafkaMessage) => {
    const key = message.key?.toString();
    if (!key) return [];
    if (!message.value) return topic === topics.medlemskab ? [{ kind: 'membership', personKey: key, akasse: null, fleksjob: false }] : [];
    // Decoded without a promise once the record's schema is known (every record of a restore but the first).
    const known = codec.decodeKnown(message.value);
    return known !== undefined ? changesOf(topic, key, known) : codec.decode(message.value).then((value) => changesOf(topic, key, value));
  };
};
