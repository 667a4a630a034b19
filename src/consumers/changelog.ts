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
export const changelogReader = (codec: HubCodec, topics: TopicNames, lookupIdOf: (cpr: string) => string): ChangelogReader =>
  async (topic: string, message: KafkaMessage): Promise<readonly StateChange[]> => {
    const key = message.key?.toString();
    if (!key) return [];
    if (topic === topics.medlemskab) {
      if (!message.value) return [{ kind: 'membership', personKey: key, akasse: null, fleksjob: false }];
      const m = await codec.decode<{ cpr: string; akasse: string | null; fleksjob: boolean }>(message.value);
      // Only a key service's key is confirmed (a key of the old keyed hash waits for `hub keys migrate`).
      const lookupId = isPersonKey(key) && m.cpr ? { lookupId: lookupIdOf(m.cpr) } : {};
      return [{ kind: 'membership', personKey: key, akasse: m.akasse, fleksjob: m.fleksjob, ...lookupId }];
    }
    if (!message.value) return [];
    if (topic === topics.personstatus) {
      const s = await codec.decode<{ kontaktgruppe: number | null; opdateret: string }>(message.value);
      return [{ kind: 'kontaktgruppe', personKey: key, kontaktgruppe: s.kontaktgruppe, at: Date.parse(s.opdateret) }];
    }
    if (topic === topics.leveringer) {
      const l = await codec.decode<{ art: string; tidspunkt: string; tilbudAfsluttet: boolean; tilbudSlutdato: string | null; opslagsId?: string | null }>(message.value);
      if (l.art === 'NOEGLE' && key.startsWith('n:') && l.opslagsId) return [{ kind: 'noegle', personKey: key.slice(2), lookupId: l.opslagsId }];
      if (l.art === 'LEVERET' && key.startsWith('d:')) return [{ kind: 'delivered', reportId: key.slice(2), at: Date.parse(l.tidspunkt) }];
      if (l.art === 'TILBUD' && key.startsWith('o:')) return [{ kind: 'offer', offerId: key.slice(2), offer: { ended: l.tilbudAfsluttet, slutdato: l.tilbudSlutdato } }];
    }
    return [];
  };
