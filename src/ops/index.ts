// The operations area's public names.
export { createMetrics, type Metrics } from './metrics.ts';
export { computeLag, createLagReader, discoverGroups, lagByGroup, readLag, totalLag, type LagReader, type LagTargets, type OffsetAt, type PartitionLag } from './lag.ts';
export { QUEUE_STATES, createQueueReader, type QueueDepth, type QueueReader, type QueueState, type WaitingReport } from './queue-depth.ts';
export { readTopicValues, scanTopic, type ScanOptions, type ScannedMessage } from './topic-scan.ts';
export {
  MISSING_REPORT_PARAGRAPH, complianceCsv, complianceReport, complianceTable, copenhagenDay, latenessByKommune, latestReceipts, textTable,
  type AlarmFacts, type ComplianceRow, type Period, type ReceiptFacts,
} from './compliance.ts';
export { readCompliance } from './compliance-reader.ts';
export { readAfvigelser } from './afvigelser-reader.ts';
export {
  REPLAY_HEADER, isUndecodable, listDeadLetters, matchesId, replayDeadLetters, replayedKey, selectDeadLetters,
  type DeadLetter, type DeadLetterSelector, type DoedtBrev, type ReplayRecord,
} from './dead-letters.ts';
export { createOpsView, hubLagTargets, type OpsOverview, type OpsTargets, type OpsView } from './ops-view.ts';
export { startOpsSamplers } from './samplers.ts';
export { AVRO_SCHEMA_FORMAT, asyncApiDocument, avroSchemaParser, avroToJsonSchema } from './asyncapi.ts';
export { lagTable } from './lag-table.ts';
export { readInstances, startInstanceStatus, withOwners, type InstanceStatus } from './instances.ts';
