import type { Kafka, Message, Producer } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import type { PersonKeys } from '../person-keys/index.ts';

/** One membership fact: the person's fund (null: none) and whether they work in a flexi-job. */
export interface Membership {
  readonly cpr: string;
  readonly akasse: string | null;
  readonly fleksjob?: boolean;
}

/** A person who left their fund: published as a tombstone, which compaction later removes with the key. */
export interface Leaver {
  readonly cpr: string;
  readonly leaver: true;
}

export type MembershipChange = Membership | Leaver;

export const isLeaver = (change: MembershipChange): change is Leaver => 'leaver' in change && change.leaver;

export interface MembershipPublisher {
  /** Sends the changes in order (a person's later change wins), in sends of at most 1,000 messages. */
  publish(changes: readonly MembershipChange[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Feeds the compacted membership topic, keyed by the person key like the inbound topic. Whoever
 * knows membership (the funds, or the authority's register) runs it; the hub's person state is
 * rebuilt from that topic after a restart.
 */
export const createMembershipPublisher = async (deps: { kafka: Kafka; codec: HubCodec; topics: TopicNames; personKeys: PersonKeys; clock?: () => number }): Promise<MembershipPublisher> => {
  const producer: Producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const clock = deps.clock ?? Date.now;
  const messageOf = async (c: MembershipChange, key: string): Promise<Message> => ({
    key,
    value: isLeaver(c) ? null : await deps.codec.encode(deps.topics.medlemskab, { cpr: c.cpr, akasse: c.akasse, fleksjob: c.fleksjob ?? false, opdateret: new Date(clock()).toISOString() }),
  });
  return {
    async publish(changes) {
      const keys = await deps.personKeys.keysFor(changes.map((c) => c.cpr));
      const messages = await Promise.all(changes.map((c, i) => messageOf(c, keys[i]!)));
      for (let i = 0; i < messages.length; i += 1000) {
        await producer.send({ topic: deps.topics.medlemskab, acks: -1, messages: messages.slice(i, i + 1000) });
      }
    },
    close: () => producer.disconnect(),
  };
};
