import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from '../kafka/types.ts';

/**
 * Follows topics from their beginning for as long as it runs (read_committed), handing every
 * message to `onMessage`. Its consumer group commits nothing and is deleted on stop, so it never
 * shows up as a lagging group of its own.
 */
export const followTopics = async (kafka: Kafka, topics: readonly string[], onMessage: (topic: string, partition: number, message: KafkaMessage) => Promise<void> | void, groupPrefix = 'hub.ops.view') => {
  const groupId = `${groupPrefix}.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => { await onMessage(topic, partition, message); },
  });
  return {
    async stop(): Promise<void> {
      await consumer.disconnect().catch(() => undefined);
      const admin = kafka.admin();
      await admin.connect().then(() => admin.deleteGroups([groupId])).catch(() => undefined).finally(() => admin.disconnect().catch(() => undefined));
    },
  };
};
