import type { TopicNames } from '../config/topics.ts';
import { deadLetterOf, type PlannedRecord } from '../consumers/outputs.ts';
import { HEADERS, headerNumber, headerText } from '../config/headers.ts';
import { copenhagenMidnight } from '../consumers/plan.ts';
import { checkpointOf, startPartitionProcessor, type BatchResult, type InputBatch, type OutputRecord, type PartitionProcessor } from '../kafka/partition-processor.ts';
import type { Kafka } from '../kafka/types.ts';
import { restoredStores, type StateRestorer } from '../kafka/state-restorer.ts';
import type { Metrics } from '../ops/metrics.ts';
import { copenhagenDate } from '../rules/calendar/index.ts';
import { afstem, efterproev, naesteKontrol, tomtRegnskab, type Afstemningskontekst, type Afstemningsregler, type Afvigelsesaendring, type Personregnskab } from '../rules/afstemning/index.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError, isHubError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { overlay } from '../state/changes.ts';
import { factOf } from './facts.ts';
import { kontrolRecord, reconciliationOutputsOf, ydelseReceipt } from './outputs.ts';
import type { LocalDate } from '../rules/verdict.ts';
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
 * and the person's ledger (changelog) in one Kafka transaction with the consumed offsets. When
 * only the passing of time can still reveal a discrepancy (a tolerance has not run out), it asks,
 * in the same transaction, for a re-check of the person on the day it runs out (the waiting topic,
 * the scheduler, the release worker), which comes back as a check on the payments topic.
 */
export const startReconciliationConsumer = async (o: ReconciliationConsumerOptions): Promise<PartitionProcessor> => {
  const logger = o.logger.child({ component: 'reconciliation-consumer' });
  const clock = o.clock ?? Date.now;
  const stores = restoredStores(o.restorer);

  const process = async (batch: InputBatch): Promise<BatchResult> => {
    const started = globalThis.process.hrtime.bigint();
    const store = stores.storeOf(batch.partition);
    if (!store) throw new HubError('KAFKA_UNAVAILABLE', `no reconciliation store for ${batch.topic}[${batch.partition}]: the partition is not restored`);
    const processedAt = clock();
    const state = overlay(store);
    const regnskaber = new Map<string, Personregnskab>();
    const aendringer: Afvigelsesaendring[] = [];
    const planned: PlannedRecord[] = [];
    // Per person, the day the ledger as it stands after this batch next needs a re-check.
    const kontroller = new Map<string, LocalDate | undefined>();
    const ledgerOf = (personKey: string): Personregnskab => regnskaber.get(personKey) ?? (state.afstemning(personKey) as Personregnskab | undefined) ?? tomtRegnskab();
    for (const message of batch.messages) {
      const personKey = message.key?.toString();
      const source = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: personKey ?? null, value: message.value ?? Buffer.alloc(0) };
      const kontrol = headerText(message.headers, HEADERS.kontrol) === 'KONTROL_AFSTEMNING' ? headerNumber(message.headers, HEADERS.vurderingstid) : undefined;
      if (personKey && kontrol !== undefined) {
        // A tolerance ran out: the person re-checked at that moment (or later, when the check came
        // late, so that it never judges at a moment before records already applied).
        const at = Math.max(kontrol, Number(message.timestamp));
        const before = ledgerOf(personKey);
        const ctx: Afstemningskontekst = { personnoegle: personKey, idag: copenhagenDate(at), regler: o.regler };
        const out = efterproev(before, ctx, at);
        if (out.regnskab !== before) regnskaber.set(personKey, out.regnskab);
        aendringer.push(...out.aendringer);
        kontroller.set(personKey, naesteKontrol(out.regnskab, ctx));
        continue;
      }
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
        const before = ledgerOf(personKey);
        const ctx: Afstemningskontekst = { personnoegle: personKey, idag: copenhagenDate(at), regler: o.regler };
        const out = afstem(before, fact, ctx, at);
        // A record that changes nothing (most chapter 11 events) writes no ledger and asks for no re-check.
        if (out.regnskab !== before) {
          regnskaber.set(personKey, out.regnskab);
          kontroller.set(personKey, naesteKontrol(out.regnskab, ctx));
        }
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
    for (const [personKey, dag] of kontroller) {
      if (dag) planned.push(kontrolRecord(o.topics, { personKey, dag, at: copenhagenMidnight(dag), processedAt }));
    }
    const out = reconciliationOutputsOf({ topics: o.topics, partition: batch.partition, processedAt, aendringer, regnskaber });
    planned.push(...out.records);
    for (const a of aendringer) o.metrics?.discrepancies.inc({ status: a.status, paragraf: a.afvigelse.paragraf });
    const records: OutputRecord[] = await Promise.all(planned.map(async (r) => ({
      topic: r.topic, key: r.key, value: await o.codec.encode(r.topic, r.value), ...(r.partition === undefined ? {} : { partition: r.partition }),
    })));
    return {
      records,
      async afterCommit(_written, ends) {
        if (out.changes.length > 0) await store.apply(out.changes, checkpointOf(ends, [o.topics.afstemning], batch.partition));
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
    held: stores.held,
    onAssignment: stores.onAssignment,
    prepare: stores.prepare,
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
