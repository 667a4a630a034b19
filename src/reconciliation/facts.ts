import type { TopicNames } from '../config/topics.ts';
import type { Afstemningsfakta } from '../rules/afstemning/index.ts';
import type { ChangelogReader } from '../kafka/state-restorer.ts';
import { unwrap, type HubCodec } from '../shared/codec.ts';
import type { StateChange } from '../state/changes.ts';
import { REGNSKAB_FORMAT } from './outputs.ts';

/** The chapters whose registrations are reconciled with grants and payments. */
const RECONCILED = new Set([2, 8, 9, 10, 11]);

/**
 * What a record of the reconciliation consumer's inputs tells it: an accepted report from the
 * warehouse topic (every delivered report goes there, with its verdict), or a grant or payment.
 * `undefined` for a record that concerns no reconciliation rule.
 */
export const factOf = async (codec: HubCodec, topics: TopicNames, topic: string, value: Buffer): Promise<Afstemningsfakta | undefined> => {
  if (topic === topics.bevillinger) return { kind: 'bevilling', record: await codec.decode(value) };
  if (topic === topics.udbetalinger) return { kind: 'udbetaling', record: await codec.decode(value) };
  const post = await codec.decode<{ indberetning: { kapitel: number; data: Record<string, unknown> } }>(value);
  const { kapitel, data } = post.indberetning;
  return RECONCILED.has(kapitel) ? { kind: 'registrering', kapitel, report: unwrap(data) } : undefined;
};

/** Reads the reconciliation changelog back into the store: a person's ledger, or a tombstone forgetting them. */
export const afstemningChangelogReader = (codec: HubCodec): ChangelogReader => {
  // A ledger of another layout is dropped: the person's next record starts a fresh ledger.
  const changesOf = (key: string, s: { format: number; tilstand: string }): readonly StateChange[] =>
    s.format === REGNSKAB_FORMAT ? [{ kind: 'afstemning', personKey: key, regnskab: JSON.parse(s.tilstand) as object }] : [];
  return (_topic, message) => {
    const key = message.key?.toString();
    if (!key) return [];
    if (!message.value) return [{ kind: 'afstemning', personKey: key, regnskab: null }];
    const known = codec.decodeKnown<{ format: number; tilstand: string }>(message.value);
    return known ? changesOf(key, known) : codec.decode<{ format: number; tilstand: string }>(message.value).then((s) => changesOf(key, s));
  };
};
