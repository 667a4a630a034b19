import { Partitioners, type Kafka, type PartitionMetadata } from 'kafkajs';
import { topicOffsets } from './client.ts';

const murmur2 = Partitioners.DefaultPartitioner();

/**
 * The partition a record with this key lands on in a topic of `partitions` partitions: the default
 * (murmur2, Java-compatible) partitioner every hub producer uses (kafka/client.ts). For a record
 * that must go where a person's reports go, written with an explicit partition.
 */
export const partitionOfKey = (key: string, partitions: number): number =>
  murmur2({
    topic: 'any',
    partitionMetadata: Array.from({ length: partitions }, (_, partitionId): PartitionMetadata => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] })),
    message: { key, value: null },
  });

/** How many partitions `topic` has now (the co-partitioned topics share the inbound topic's count). */
export const partitionCount = async (kafka: Kafka, topic: string): Promise<number> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await topicOffsets(admin, topic)).length;
  } finally {
    await admin.disconnect();
  }
};

/** How many members a consumer group has now (0 for a group that is empty or does not exist). */
export const groupMemberCount = async (kafka: Kafka, groupId: string): Promise<number> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.members.length ?? 0;
  } finally {
    await admin.disconnect();
  }
};
