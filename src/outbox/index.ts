export { OUTBOX_DDL, RECEIPTS_DDL, SAMPLE_CASE_DDL, caseSchemaStatements } from './case-schema.ts';
export { outboxConnectorConfig, outboxConnectorName, type CaseDatabase } from './connector.ts';
export { readOutboxRow, caseStatusOf, isRowId, reportIdOfRow, rowIdOfReport, type OutboxRow } from './outbox-row.ts';
export { startOutboxBridge, provisionOutboxTopics, outboxNames, type OutboxBridge, type OutboxBridgeOptions } from './bridge.ts';
export { startReceiptSink, type ReceiptSink, type ReceiptSinkOptions } from './receipt-sink.ts';
export { installCaseSchema } from './install.ts';
export { registerInCaseSystem, receiptsOf, type Registration, type CaseReceipt } from './case-worker.ts';
