import type { Kafka } from 'kafkajs';
import { HubError } from '../shared/errors.ts';

/** A record to write to a named partition; a null value is a tombstone. */
export interface PartitionedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  readonly value: Buffer | null;
}

/**
 * Writes records in order, each to its partition, through an idempotent producer with acks from
 * all replicas, 1000 a send. For tools that rewrite topics (hub keys migrate): nothing transactional.
 */
export const writeRecords = async (kafka: Kafka, records: readonly PartitionedRecord[]): Promise<void> => {
  if (records.length === 0) return;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += 1000) {
      const chunk = records.slice(i, i + 1000);
      const topics = [...new Set(chunk.map((r) => r.topic))];
      await producer.sendBatch({ acks: -1, topicMessages: topics.map((topic) => ({ topic, messages: chunk.filter((r) => r.topic === topic).map((r) => ({ key: r.key, value: r.value, partition: r.partition })) })) });
    }
  } catch (error) {
    throw new HubError('KAFKA_UNAVAILABLE', `could not write: ${(error as Error).message}`, { cause: error });
  } finally {
    await producer.disconnect();
  }
};
