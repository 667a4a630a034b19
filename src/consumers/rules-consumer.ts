import type { Kafka, KafkaMessage } from '../kafka/types.ts';
import type { Fund } from '../config/settings.ts';
import type { TopicNames } from '../config/topics.ts';
import type { RuleContext } from '../rules/rule-set.ts';
import type { Kapitel11Indberetning } from '../rules/ch11/report.ts';
import type { Reason, Verdict } from '../rules/verdict.ts';
import type { HubCodec, InboundReport } from '../shared/codec.ts';
import { HubError, isHubError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { PersonKeys } from '../person-keys/index.ts';
import { batchTally, type BatchTally, type Metrics } from '../ops/metrics.ts';
import { checkpointOf, startPartitionProcessor, type BatchResult, type InputBatch, type OutputRecord, type PartitionProcessor } from '../kafka/partition-processor.ts';
import { restoredStores, type StateRestorer } from '../kafka/state-restorer.ts';
import { markerOf, offerEndMissing, offerIdOf, overlay, reportIdOf, type StateChange, type StateView } from '../state/changes.ts';
import { HEADERS, headerNumber, headerText } from '../config/headers.ts';
import type { ReportEnvelope } from './messages.ts';
import { deadLetterOf, forwardedOf, keyConfirmedOf, offerCheckOutputs, outputsOf, type PlannedRecord, type Source } from './outputs.ts';
import { planOutcome, type RoutingPolicy } from './plan.ts';

export type Decide = (kapitel: number, report: Record<string, unknown>, context: RuleContext) => Verdict;

/** A chapter 2 report that sets or clears a person's kontaktgruppe (§ 60 reads it). */
export type KontaktgruppeChange = (kapitel: number, report: Record<string, unknown>, verdict: Verdict) => { kontaktgruppe: number | null } | undefined;

/** What a recipient gets: the sharing rules decide who and how minimised (§§ 10, 52, 66). */
export type ShareWith = (kapitel: number, report: Record<string, unknown>, verdict: Verdict) => ReadonlyArray<{ topic: string; value: object }>;

/**
 * Whether a reporting system may report this (its connection agreement, § 1, and suspension, § 3).
 * A refusal becomes a `rejected` verdict with the reason on the receipt; nothing is delivered.
 */
export type Admission = (kildesystem: string, kapitel: number, kommunekode: string) => { paragraph: string; reason: Reason } | undefined;

export interface RulesConsumerOptions {
  readonly kafka: Kafka;
  readonly codec: HubCodec;
  readonly topics: TopicNames;
  /** Keeps the owned partitions' state stores restored from the changelog topics. */
  readonly restorer: StateRestorer;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly funds: readonly Fund[];
  readonly routing: RoutingPolicy;
  /**
   * The hub's key service: a report is judged with the state of its person's key. Asked only for a
   * report whose key its partition has not learnt for its CPR number (from a membership, or from an
   * earlier answer of the service), so an instance that only judges holds no index of all persons.
   */
  readonly personKeys: PersonKeys;
  /** The lookup id of a CPR number (HMAC with HUB_PERSON_LOOKUP_SECRET), as the key service files it. */
  readonly lookupIdOf: (cpr: string) => string;
  readonly decide: Decide;
  readonly kontaktgruppeChange: KontaktgruppeChange;
  readonly shareWith: ShareWith;
  /** Connection agreements; every system is admitted when absent. */
  readonly admission?: Admission;
  /** Consumer group of the rules consumer. Default `<prefix>.regler`. */
  readonly groupId: string;
  /** Prefix of the per-partition transactional ids (one per input partition fences zombies). */
  readonly transactionalIdPrefix: string;
  /** Session timeout of the consumer group in ms. Default 30000. */
  readonly sessionTimeoutMs?: number;
  /** Clock for processing times; rules get the message time, not this. */
  readonly clock?: () => number;
  /**
   * Signs a batch's fund notifications, their encoded values in order: the `hub-signatur` header a
   * fund verifies (JWS), one per value. The hub's signer does it on a thread of its own.
   */
  readonly signNotifications: (values: readonly Uint8Array[]) => Promise<string[]>;
}

export type RulesConsumer = PartitionProcessor;

/**
 * The rules consumer, a thin shell (STYLE.md § 3): for each inbound report it reads the person's
 * state from its partition's store, asks the pure rules for a verdict, plans where it goes, and
 * hands the planned records to the partition processor, which writes them in one Kafka transaction
 * with the consumed offsets. The state changes are applied to the store once that has committed.
 */
export const startRulesConsumer = async (o: RulesConsumerOptions): Promise<RulesConsumer> => {
  const logger = o.logger.child({ component: 'rules-consumer' });
  const clock = o.clock ?? Date.now;
  const knownFunds = new Set(o.funds.map((f) => f.code));
  const stores = restoredStores(o.restorer);

  /** One report: its planned records and state changes, read from the batch's view of the state. */
  const judge = (state: StateView, counts: BatchTally, source: Source, message: KafkaMessage, kapitel: number, report: Record<string, unknown>, processedAt: number, key: string) => {
    const envelope = report as unknown as ReportEnvelope;
    const messageTime = Number(message.timestamp);
    const firstReceivedAt = headerNumber(message.headers, HEADERS.foersteModtagelse) ?? messageTime;
    const evaluatedAt = headerNumber(message.headers, HEADERS.vurderingstid) ?? messageTime;
    const person = state.person(key);
    const refusal = o.admission?.(envelope.kildesystem, kapitel, envelope.kommunekode);
    const verdict: Verdict = refusal
      ? { kind: 'rejected', paragraph: refusal.paragraph, reasons: [refusal.reason], warnings: [] }
      : o.decide(kapitel, report, { now: evaluatedAt, person });
    const reportId = reportIdOf(envelope.kildesystem, envelope.indberetningId);
    const marker = markerOf(reportId); // looked up now, written with the delivered change after the commit
    const tilbud = (report as unknown as Kapitel11Indberetning).tilbud;
    const plan = planOutcome({
      kapitel, haendelsestype: String(envelope.haendelsestype ?? ''), verdict, person,
      alreadyDelivered: state.delivered(reportId, marker),
      firstReceivedAt, now: Math.max(processedAt, messageTime), forsoeg: headerNumber(message.headers, HEADERS.forsoeg) ?? 0, knownFunds, routing: o.routing,
      tilbudSlutdato: tilbud?.slutdato && tilbud.tilbudId ? tilbud.slutdato : undefined,
    });
    const kontaktgruppe = plan.udfald === 'LEVERET' ? o.kontaktgruppeChange(kapitel, report, verdict) : undefined;
    const offer = tilbud?.tilbudId ? state.offer(offerIdOf(envelope.kildesystem, tilbud.tilbudId)) : undefined;
    counts.inc(o.metrics.reportsIn, { kapitel: String(kapitel) });
    counts.inc(o.metrics.verdicts, { kind: verdict.kind, paragraf: verdict.paragraph, kommunekode: envelope.kommunekode });
    counts.inc(o.metrics.outcomes, { udfald: plan.udfald });
    for (const d of plan.deliveries) counts.inc(o.metrics.reportsOut, { recipient: d.to === 'fund' ? 'fund' : 'datavarehus', kapitel: String(kapitel) });
    if (plan.deadLetter) counts.inc(o.metrics.deadLetters, { code: plan.deadLetter.kode });
    // One literal with every field (an absent one undefined): spreading optional fields into it made
    // each report's input a slower object of its own shape.
    return outputsOf({
      topics: o.topics, source, kapitel, report, personKey: key, verdict, plan, firstReceivedAt, processedAt,
      offer, kontaktgruppe, deliveredMarker: marker,
      shares: plan.deliveries.some((d) => d.to === 'datavarehus') ? o.shareWith(kapitel, report, verdict) : [], wrapReport: o.codec.wrapReport,
    });
  };

  const process = async (batch: InputBatch): Promise<BatchResult> => {
    const started = globalThis.process.hrtime.bigint();
    const store = stores.storeOf(batch.partition);
    if (!store) throw new HubError('KAFKA_UNAVAILABLE', `no state store for ${batch.topic}[${batch.partition}]: the partition is not restored`);
    const processedAt = clock();
    // Each report's records are encoded as soon as they are planned, so that the objects they were
    // planned from, and the decoded report, are garbage before the next scavenge rather than copied
    // by it with the rest of the batch until the transaction commits.
    const output = batchEncoder(o.codec);
    const changes: StateChange[] = [];
    // Counted when the batch is planned: a batch retried after an error counts once.
    const counts = batchTally();
    // The key check below and the decisions read a person's membership once between them.
    const state = overlay(store.batchView());
    const decoded: Array<Decoded | undefined> = await decodeAll(o.codec, batch.messages);
    // A report's key is its person's when the partition has learnt that key for the report's CPR
    // number; the others are asked of the key service in one call.
    const cprs = decoded.map((d) => (!d || 'error' in d ? undefined : String((d.report as unknown as ReportEnvelope).cpr)));
    const lookupIds = cprs.map((cpr) => (cpr === undefined ? undefined : o.lookupIdOf(cpr)));
    const unconfirmed: number[] = [];
    store.reading(() => {
      for (let i = 0; i < batch.messages.length; i++) {
        const key = batch.messages[i]!.key;
        const lookupId = lookupIds[i];
        if (lookupId !== undefined && (!key || state.lookupIdOf(key.toString()) !== lookupId)) unconfirmed.push(i);
      }
    });
    const asked = await o.personKeys.keysFor(unconfirmed.map((i) => cprs[i]!));
    const answers = new Map(unconfirmed.map((i, n) => [i, asked[n]!]));
    o.metrics.keyLookups.inc(unconfirmed.length);
    // One message: its planned records and state changes, staged for the messages after it.
    const plan = (i: number): void => {
      const message = batch.messages[i]!;
      const d = decoded[i]!;
      decoded[i] = undefined;
      const source: Source = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0) };
      if ('error' in d) {
        output.add(deadLetterOf(o.topics, source, { indberetningId: null, kildesystem: headerText(message.headers, HEADERS.kildesystem) ?? null, kode: d.error.code, aarsag: d.error.message, noegle: source.key, at: processedAt }));
        counts.inc(o.metrics.deadLetters, { code: d.error.code });
        counts.inc(o.metrics.outcomes, { udfald: 'DOEDT_BREV' });
        return;
      }
      const answer = answers.get(i);
      const key = answer ?? source.key!;
      if (answer !== undefined && source.key === answer && state.lookupIdOf(answer) !== lookupIds[i]) {
        const confirmed = keyConfirmedOf(o.topics, answer, lookupIds[i]!, batch.partition, processedAt);
        output.add(confirmed.record);
        changes.push(confirmed.change);
        state.stage([confirmed.change]);
      }
      if (source.key !== key) {
        const headers = Object.fromEntries(Object.keys(message.headers ?? {}).flatMap((name) => { const v = headerText(message.headers, name); return v === undefined ? [] : [[name, v]]; }));
        output.add(forwardedOf(o.topics, source, headers, key, Number(message.timestamp)));
        counts.inc(o.metrics.outcomes, { udfald: 'VIDERESENDT' });
        return;
      }
      try {
        const fristdato = headerText(message.headers, HEADERS.fristdato);
        if (headerText(message.headers, HEADERS.kontrol) === 'KONTROL_AFSLUTNING' && fristdato) {
          const envelope = d.report as unknown as ReportEnvelope;
          const tilbudId = (d.report as unknown as Kapitel11Indberetning).tilbud?.tilbudId;
          const missing = Boolean(tilbudId) && offerEndMissing(state.offer(offerIdOf(envelope.kildesystem, tilbudId!)), fristdato);
          const alarms = offerCheckOutputs(o.topics, { report: d.report, indberetningId: envelope.indberetningId, fristdato, missing, at: processedAt });
          for (const a of alarms) counts.inc(o.metrics.alarms, { type: String((a.value as { type: string }).type) });
          output.add(...alarms);
          return;
        }
        const out = judge(state, counts, source, message, d.kapitel, d.report, processedAt, key);
        output.add(...out.records);
        changes.push(...out.changes);
        state.stage(out.changes);
      } catch (error) {
        if (isHubError(error) && error.canRetry) throw error;
        // A report the hub cannot turn into its outputs (a bug, or data no schema accepts) is
        // dead-lettered with the reason rather than blocking its partition.
        output.add(deadLetterOf(o.topics, source, {
          indberetningId: String(d.report.indberetningId ?? '') || null, kildesystem: String(d.report.kildesystem ?? '') || null,
          kode: 'REPORT_UNPROCESSABLE', aarsag: `could not process the report: ${(error as Error).message}`, noegle: source.key, at: processedAt,
        }));
        counts.inc(o.metrics.deadLetters, { code: 'REPORT_UNPROCESSABLE' });
        logger.error({ err: error, partition: batch.partition, offset: message.offset }, 'report dead-lettered: could not be processed');
      }
    };
    // The batch's look-ups in one read transaction of the store (nothing here waits).
    store.reading(() => {
      for (let i = 0; i < batch.messages.length; i++) plan(i);
    });
    const records = await output.finish(o.signNotifications);
    counts.flush();
    return {
      records,
      async afterCommit(_written, ends) {
        // The changelog records of this batch are committed: the store may now say what they say,
        // and its checkpoint moves past them (so a restart restores only what came after).
        if (changes.length > 0) await store.apply(changes, checkpointOf(ends, [o.topics.personstatus, o.topics.leveringer], batch.partition));
        o.metrics.batchSeconds.observe(Number(globalThis.process.hrtime.bigint() - started) / 1e9);
      },
    };
  };

  const processor = await startPartitionProcessor({
    kafka: o.kafka, logger, topic: o.topics.indberetninger, groupId: o.groupId, transactionalIdPrefix: o.transactionalIdPrefix,
    ...(o.sessionTimeoutMs ? { sessionTimeoutMs: o.sessionTimeoutMs } : {}),
    held: stores.held,
    onAssignment: stores.onAssignment,
    prepare: stores.prepare,
    process,
    async refused(batch, message, error) {
      const output = batchEncoder(o.codec);
      output.add(deadLetterOf(o.topics, { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0) }, {
        indberetningId: headerText(message.headers, HEADERS.indberetningId) ?? null, kildesystem: headerText(message.headers, HEADERS.kildesystem) ?? null,
        kode: 'KAFKA_REFUSED', aarsag: error.message, noegle: message.key?.toString() ?? null, at: clock(),
      }));
      const [record] = await output.finish();
      o.metrics.deadLetters.inc({ code: 'KAFKA_REFUSED' });
      return record!;
    },
    onRetry(error) {
      o.metrics.errors.inc({ component: 'rules-consumer', code: isHubError(error) ? error.code : 'UNKNOWN' });
      o.metrics.retries.inc({ queue: 'rules-consumer' });
    },
  });
  logger.info({ groupId: o.groupId }, 'rules consumer running');
  return processor;
};

type Decoded = InboundReport | { error: HubError };

/**
 * Decodes a batch's reports, in a loop without a promise per report once their schema is known
 * here; a report of a schema not seen yet waits for the registry. Bytes that are no report of a
 * known schema are an error for that report (dead-lettered); a registry away throws (the batch is
 * tried again).
 */
const decodeAll = async (codec: HubCodec, messages: readonly KafkaMessage[]): Promise<Decoded[]> => {
  const decoded: Decoded[] = new Array(messages.length);
  const unknown: number[] = [];
  const failed = (error: unknown): Decoded => {
    if (isHubError(error) && error.code === 'DECODE_FAILED') return { error };
    throw error;
  };
  for (let i = 0; i < messages.length; i++) {
    const value = messages[i]!.value;
    if (!value) {
      decoded[i] = { error: new HubError('DECODE_FAILED', 'empty message value') };
      continue;
    }
    try {
      const known = codec.decodeInboundKnown(value);
      if (known) decoded[i] = known;
      else unknown.push(i);
    } catch (error) {
      decoded[i] = failed(error);
    }
  }
  await Promise.all(unknown.map(async (i) => {
    decoded[i] = await codec.decodeInbound(messages[i]!.value!).catch(failed);
  }));
  return decoded;
};

/**
 * Encodes planned records as they are added, in a loop without a promise per record (a topic's
 * schema is known after its first record: codec.encodeKnown); a record of a topic not met yet is
 * encoded through the registry at `finish`, which then gives the records to be signed their
 * signature headers, the batch's signed at once.
 */
const batchEncoder = (codec: HubCodec) => {
  const records: Array<{ -readonly [K in keyof OutputRecord]: OutputRecord[K] }> = [];
  const later: Array<{ index: number; record: PlannedRecord }> = [];
  const signed: number[] = [];
  return {
    add(...planned: PlannedRecord[]): void {
      for (const r of planned) {
        const value = r.encoded ? r.value as Buffer : codec.encodeKnown(r.topic, r.value) ?? null;
        if (value === null) later.push({ index: records.length, record: r });
        if (r.signed) signed.push(records.length);
        // Every record of one shape (kafkajs reads them as its messages): an absent field is undefined.
        records.push({ topic: r.topic, key: r.key, value, headers: r.headers, partition: r.partition });
      }
    },
    async finish(signAll?: (values: readonly Uint8Array[]) => Promise<string[]>): Promise<OutputRecord[]> {
      for (const { index, record } of later) records[index]!.value = await codec.encode(record.topic, record.value);
      if (signed.length > 0 && signAll) {
        const signatures = await signAll(signed.map((i) => records[i]!.value!));
        signed.forEach((i, n) => { records[i]!.headers = { ...records[i]!.headers, [HEADERS.signatur]: signatures[n]! }; });
      }
      return records;
    },
  };
};
