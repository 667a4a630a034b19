/** Reconciliation of registrations with grants and payments: the consumer, its pure outputs, and reading the results. */
export { startReconciliationConsumer, type ReconciliationConsumerOptions } from './reconciliation-consumer.ts';
export { afstemningChangelogReader, factOf } from './facts.ts';
export { REGNSKAB_FORMAT, YDELSER_KAPITEL, afvigelseRecord, kontrolIdOf, kontrolMessageOf, kontrolRecord, reconciliationOutputsOf, ydelseReceipt } from './outputs.ts';
export { afstemningSummary, afvigelserCsv, afvigelserTable, latestAfvigelser, selectAfvigelser, type AfstemningRow, type AfvigelseRecord, type AfvigelseUdvalg } from './report.ts';
