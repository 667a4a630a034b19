import type { Kafka } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import { complianceReport, type AlarmFacts, type ComplianceRow, type Period, type ReceiptFacts } from './compliance.ts';
import { readTopicValues } from './topic-scan.ts';

/** A day's earliest instant in any Danish offset: UTC midnight less two hours (CEST). */
const startOf = (day: string): number => Date.parse(`${day}T00:00:00Z`) - 2 * 3_600_000;

/**
 * Reads the receipts and alarms that can concern the period and aggregates them. Neither can be
 * written before the period's first day (a receipt follows the report's arrival; a missing-report
 * alarm follows its due date), so both topics are read from that day on, found by timestamp.
 */
export const readCompliance = async (deps: { kafka: Kafka; codec: HubCodec; topics: TopicNames }, period: Period): Promise<ComplianceRow[]> => {
  const fromTimestampMs = startOf(period.from);
  const [receipts, alarms] = await Promise.all([
    readTopicValues(deps.kafka, deps.topics.kvitteringer, (v) => deps.codec.decode<ReceiptFacts>(v), { fromTimestampMs }),
    readTopicValues(deps.kafka, deps.topics.alarmer, (v) => deps.codec.decode<AlarmFacts>(v), { fromTimestampMs }),
  ]);
  return complianceReport(receipts.map((r) => r.value), alarms.map((a) => a.value), period);
};
