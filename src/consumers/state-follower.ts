import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import type { Logger } from '../shared/logger.ts';
import type { PersonStateStore } from './person-state.ts';

export interface StateFollower {
  /** Resolves when everything written to both state topics before the call has been applied. */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows the membership topic and the rules consumer's changelog from the beginning, keeping
 * `store` current; this is how the state is rebuilt after a restart. Each instance reads all
 * partitions with a group of its own, deleted again on a clean stop.
 */
export const startStateFollower = async (deps: {
  kafka: Kafka; codec: HubCodec; topics: TopicNames; store: PersonStateStore; logger: Logger;
}): Promise<StateFollower> => {
  const { kafka, codec, topics, store } = deps;
  const logger = deps.logger.child({ component: 'state-follower' });
  const groupId = `${topics.personstatus}.follower.${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, readUncommitted: false, sessionTimeout: 30_000 });
  const seen = new Map<string, bigint>();
  let lastMessageAt = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.medlemskab, topics.personstatus], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const key = message.key?.toString();
        if (key) {
          if (batch.topic === topics.medlemskab) {
            const value = message.value ? await codec.decode<{ akasse: string | null; fleksjob: boolean }>(message.value) : null;
            store.applyMembership(key, value);
          } else if (message.value) {
            const value = await codec.decode<{ kontaktgruppe: number | null; opdateret: string }>(message.value);
            store.applyKontaktgruppe(key, value.kontaktgruppe, Date.parse(value.opdateret));
          }
        }
        seen.set(`${batch.topic}:${batch.partition}`, BigInt(message.offset) + 1n);
        lastMessageAt = Date.now();
      }
    },
  });

  const caughtUp = async (timeoutMs = 60_000): Promise<void> => {
    const targets: Array<[string, bigint]> = [];
    for (const topic of [topics.medlemskab, topics.personstatus]) {
      for (const p of await admin.fetchTopicOffsets(topic)) targets.push([`${topic}:${p.partition}`, BigInt(p.high)]);
    }
    const since = Date.now();
    const deadline = since + timeoutMs;
    for (;;) {
      // Transaction markers take offsets that no message reaches; a second without news means the end.
      const behind = targets.filter(([k, high]) => (seen.get(k) ?? 0n) < high);
      if (behind.length === 0) return;
      if (Date.now() - Math.max(lastMessageAt, since) > 1500 && Date.now() - since > 1500) return;
      if (Date.now() > deadline) {
        logger.warn({ behind: behind.length }, 'state not caught up in time; continuing');
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return {
    caughtUp,
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
};
