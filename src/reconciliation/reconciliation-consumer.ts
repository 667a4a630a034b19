import type { TopicNames } from '../config/topics.ts';
import { deadLetterOf, type PlannedRecord } from '../consumers/outputs.ts';
import { HEADERS, headerText } from '../config/headers.ts';
import { startPartitionProcessor, type BatchResult, type InputBatch, type OutputRecord, type PartitionProcessor } from '../kafka/partition-processor.ts';
import type { Kafka } from '../kafka/types.ts';
import type { StateRestorer } from '../kafka/state-restorer.ts';
import type { Metrics } from '../ops/metrics.ts';
import { copenhagenDate } from '../rules/calendar/index.ts';
import { afstem, tomtRegnskab, type Afstemningsregler, type Afvigelsesaendring, type Personregnskab } from '../rules/afstemning/index.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError, isHubError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { overlay } from '../state/changes.ts';
import type { PartitionStore } from '../state/partition-store.ts';
import { factOf } from './facts.ts';
import { reconciliationOutputsOf, ydelseReceipt } from './outputs.ts';
import { ydelseReasons } from '../producers/ydelse-lines.ts';

export interface ReconciliationConsumerOptions {
  readonly kafka: Kafka;
  readonly codec: HubCodec;
  readonly topics: TopicNames;
  /** Keeps the owned partitions' reconciliation stores restored from `topics.afstemning`. */
  readonly restorer: StateRestorer;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly regler: Afstemningsregler;
  /** Consumer group. Default in the hub: `<prefix>.afstemning`. */
  readonly groupId: string;
  /** Prefix of the per-partition transactional ids. */
  readonly transactionalIdPrefix: string;
  /** Session timeout of the group in ms. */
  readonly sessionTimeoutMs?: number;
  /** Clock for processing times; the rules get the record's time, not this. */
  readonly clock?: () => number;
  /** Told how long each batch took and how many records it held (for the benchmark and metrics). */
  readonly onBatch?: (records: number, seconds: number) => void;
}

/**
 * The reconciliation consumer, a thin shell: it reads accepted reports (the warehouse topic) and
 * grants and payments, co-partitioned by person key; for each record it re-checks only that
 * person's ledger with the pure rules, and writes the discrepancies that opened, changed or closed
 * and the person's ledger (changelog) in one Kafka transaction with the consumed offsets.
 */
export const startReconciliationConsumer = async (o: ReconciliationConsumerOptions): Promise<PartitionProcessor> => {
  const logger = o.logger.child({ component: 'reconciliation-consumer' });
  const clock = o.clock ?? Date.now;
  const stores = new Map<number, PartitionStore>();

  const process = async (batch: InputBatch): Promise<BatchResult> => {
    const started = globalThis.process.hrtime.bigint();
    const store = stores.get(batch.partition);
    if (!store) throw new HubError('KAFKA_UNAVAILABLE', `no reconciliation store for ${batch.topic}[${batch.partition}]: the partition is not restored`);
    const processedAt = clock();
    const state = overlay(store);
    const regnskaber = new Map<string, Personregnskab>();
    const aendringer: Afvigelsesaendring[] = [];
    const planned: PlannedRecord[] = [];
    for (const message of batch.messages) {
      const personKey = message.key?.toString();
      const source = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: personKey ?? null, value: message.value ?? Buffer.alloc(0) };
      if (!personKey || !message.value) continue;
      try {
        const fact = await factOf(o.codec, o.topics, batch.topic, message.value);
        if (!fact) continue;
        const at = Number(message.timestamp);
        if (fact.kind !== 'registrering') {
          // The checks a report gets, for a payment system that went around the SDK: refused, it never enters the ledger.
          const reasons = ydelseReasons(fact.kind, fact.record);
          planned.push(ydelseReceipt(o.topics, { art: fact.kind, record: fact.record, reasons, receivedAt: at, processedAt }));
          if (reasons.length > 0) continue;
        }
        const before = regnskaber.get(personKey) ?? (state.afstemning(personKey) as Personregnskab | undefined) ?? tomtRegnskab();
        const out = afstem(before, fact, { personnoegle: personKey, idag: copenhagenDate(at), regler: o.regler }, at);
        // A record that changes nothing (most chapter 11 events) writes no ledger.
        if (out.regnskab !== before) regnskaber.set(personKey, out.regnskab);
        aendringer.push(...out.aendringer);
      } catch (error) {
        if (isHubError(error) && error.canRetry) throw error;
        planned.push(deadLetterOf(o.topics, source, {
          indberetningId: null, kildesystem: headerText(message.headers, HEADERS.kildesystem) ?? null,
          kode: isHubError(error) ? error.code : 'REPORT_UNPROCESSABLE', aarsag: `reconciliation could not read the record: ${(error as Error).message}`, noegle: personKey, at: processedAt,
        }));
        logger.error({ err: error, topic: batch.topic, partition: batch.partition, offset: message.offset }, 'record dead-lettered: reconciliation could not read it');
      }
    }
    const out = reconciliationOutputsOf({ topics: o.topics, partition: batch.partition, processedAt, aendringer, regnskaber });
    planned.push(...out.records);
    for (const a of aendringer) o.metrics?.discrepancies.inc({ status: a.status, paragraf: a.afvigelse.paragraf });
    const records: OutputRecord[] = await Promise.all(planned.map(async (r) => ({
      topic: r.topic, key: r.key, value: await o.codec.encode(r.topic, r.value), ...(r.partition === undefined ? {} : { partition: r.partition }),
    })));
    return {
      records,
      async afterCommit(written) {
        const checkpoint: Record<string, bigint> = {};
        for (const w of written) {
          if (w.partition !== batch.partition || w.topicName !== o.topics.afstemning) continue;
          checkpoint[w.topicName] = BigInt(w.baseOffset ?? '0') + BigInt(regnskaber.size);
        }
        if (out.changes.length > 0) await store.apply(out.changes, checkpoint);
        const seconds = Number(globalThis.process.hrtime.bigint() - started) / 1e9;
        o.metrics?.reconciliationSeconds.observe(seconds);
        o.onBatch?.(batch.messages.length, seconds);
      },
    };
  };

  const processor = await startPartitionProcessor({
    kafka: o.kafka, logger, topic: o.topics.datavarehus, coPartitionedTopics: [o.topics.bevillinger, o.topics.udbetalinger],
    groupId: o.groupId, transactionalIdPrefix: o.transactionalIdPrefix,
    ...(o.sessionTimeoutMs ? { sessionTimeoutMs: o.sessionTimeoutMs } : {}),
    async onAssignment(partitions) {
      for (const p of [...stores.keys()]) if (!partitions.includes(p)) stores.delete(p);
      await o.restorer.assign(partitions);
    },
    async prepare(partition, isCurrent) {
      const store = await o.restorer.restored(partition, isCurrent);
      if (store) stores.set(partition, store);
      return store !== undefined;
    },
    process,
    async refused(batch, message, error) {
      const source = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0) };
      const r = deadLetterOf(o.topics, source, { indberetningId: null, kildesystem: null, kode: 'KAFKA_REFUSED', aarsag: error.message, noegle: source.key, at: clock() });
      return { topic: r.topic, key: r.key, value: await o.codec.encode(r.topic, r.value) };
    },
  });
  logger.info({ groupId: o.groupId }, 'reconciliation consumer running');
  return processor;
};
