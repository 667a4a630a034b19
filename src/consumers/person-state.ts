import type { PersonState } from '../rules/rule-set.ts';

interface Entry {
  akasse?: string;
  fleksjob?: boolean;
  kontaktgruppe?: number;
  /** Epoch ms of the personstatus record that set `kontaktgruppe`: older records never overwrite newer. */
  statusAt?: number;
}

/**
 * What the rules know about each person, by person key: membership from the compacted membership
 * topic, kontaktgruppe from the rules consumer's own changelog. Rebuilt from both topics at start.
 */
export class PersonStateStore {
  private readonly entries = new Map<string, Entry>();

  get(key: string): PersonState {
    const e = this.entries.get(key);
    if (!e) return {};
    return {
      ...(e.kontaktgruppe === undefined ? {} : { kontaktgruppe: e.kontaktgruppe }),
      ...(e.akasse === undefined ? {} : { akasse: e.akasse }),
      ...(e.fleksjob === undefined ? {} : { fleksjob: e.fleksjob }),
    };
  }

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (!e) {
      e = {};
      this.entries.set(key, e);
    }
    return e;
  }

  /** A membership record, or a tombstone (`null`): no longer a member of any fund. */
  applyMembership(key: string, membership: { akasse: string | null; fleksjob: boolean } | null): void {
    const e = this.entry(key);
    if (membership?.akasse) e.akasse = membership.akasse;
    else delete e.akasse;
    e.fleksjob = membership?.fleksjob ?? false;
  }

  applyKontaktgruppe(key: string, kontaktgruppe: number | null, at: number): void {
    const e = this.entry(key);
    if (e.statusAt !== undefined && e.statusAt > at) return;
    if (kontaktgruppe === null) delete e.kontaktgruppe;
    else e.kontaktgruppe = kontaktgruppe;
    e.statusAt = at;
  }

  get size(): number {
    return this.entries.size;
  }
}
