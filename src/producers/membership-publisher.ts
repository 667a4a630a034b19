import type { Kafka, Producer } from 'kafkajs';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import { personKey } from '../shared/person-key.ts';

/** One membership fact: the person's fund (null: none) and whether they work in a flexi-job. */
export interface Membership {
  readonly cpr: string;
  readonly akasse: string | null;
  readonly fleksjob?: boolean;
}

/**
 * Feeds the compacted membership topic. Whoever knows membership (the funds, or the authority's
 * register) runs it; the rules consumer rebuilds its state from that topic after a restart.
 */
export const createMembershipPublisher = async (deps: { kafka: Kafka; codec: HubCodec; topics: TopicNames; personKeySecret: string; clock?: () => number }) => {
  const producer: Producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const clock = deps.clock ?? Date.now;
  return {
    async publish(memberships: readonly Membership[]): Promise<void> {
      const messages = await Promise.all(memberships.map(async (m) => ({
        key: personKey(deps.personKeySecret, m.cpr),
        value: await deps.codec.encode(deps.topics.medlemskab, { cpr: m.cpr, akasse: m.akasse, fleksjob: m.fleksjob ?? false, opdateret: new Date(clock()).toISOString() }),
      })));
      for (let i = 0; i < messages.length; i += 1000) {
        await producer.send({ topic: deps.topics.medlemskab, acks: -1, messages: messages.slice(i, i + 1000) });
      }
    },
    close: () => producer.disconnect(),
  };
};
