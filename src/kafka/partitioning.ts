import type { Kafka } from 'kafkajs';
import { topicOffsets } from './client.ts';

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
