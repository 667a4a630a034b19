import type { Kafka } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import { latestAfvigelser, type AfvigelseRecord } from '../reconciliation/index.ts';
import type { HubCodec } from '../shared/codec.ts';
import { readTopicValues } from './topic-scan.ts';

/** Reads the discrepancy topic to its end (read_committed) and returns each discrepancy's latest state. */
export const readAfvigelser = async (deps: { kafka: Kafka; codec: HubCodec; topics: TopicNames }): Promise<AfvigelseRecord[]> => {
  const records = await readTopicValues(deps.kafka, deps.topics.afvigelser, (v) => deps.codec.decode<AfvigelseRecord>(v));
  // One discrepancy id always lands on one partition, in order: the offsets' order is its history.
  return latestAfvigelser(records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset))).map((r) => r.value));
};
