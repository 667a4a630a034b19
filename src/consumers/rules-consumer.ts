import type { Admin, Consumer, KafkaMessage, Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { Fund } from '../config/settings.ts';
import type { TopicNames } from '../config/topics.ts';
import type { RuleContext } from '../rules/rule-set.ts';
import type { Kapitel11Indberetning } from '../rules/ch11/report.ts';
import type { Reason, Verdict } from '../rules/verdict.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError, isHubError } from '../shared/errors.ts';
import { redactCpr, type Logger } from '../shared/logger.ts';
import { personKey } from '../shared/person-key.ts';
import type { Metrics } from '../ops/metrics.ts';
import { notificationOf, receiptOf, type ReportEnvelope } from './messages.ts';
import { planOutcome, type Plan, type RoutingPolicy } from './plan.ts';
import type { PersonStateStore } from './person-state.ts';
import type { StateFollower } from './state-follower.ts';
import { HEADERS, headerNumber } from './headers.ts';
import type { RedisKeys } from '../delivery/redis-keys.ts';

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
  readonly store: PersonStateStore;
  readonly follower: StateFollower;
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly funds: readonly Fund[];
  readonly routing: RoutingPolicy;
  readonly personKeySecret: string;
  readonly decide: Decide;
  readonly kontaktgruppeChange: KontaktgruppeChange;
  readonly shareWith: ShareWith;
  /** The `hub-signatur` header value of a fund notification's value bytes (notification-signing.ts). */
  readonly signNotification: (bytes: Uint8Array) => Promise<string>;
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
}

export interface RulesConsumer {
  stop(): Promise<void>;
  readonly consumer: Consumer;
}

/** Work done after a transaction committed: markers in Redis that later decisions read. */
interface AfterCommit {
  delivered: string[];
  offerEnded: string[];
  offerEndDates: Array<[string, string]>;
}

/** Redis markers must outlive the longest offer; 400 days covers a year's offer and its corrections. */
const DELIVERED_TTL_S = 400 * 24 * 3600;

const isRetryable = (error: unknown): boolean => (isHubError(error) ? error.canRetry : true);

/** Heartbeat answers that mean this member no longer holds its partitions as it believes. */
const MEMBERSHIP_LOST = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR']);

/**
 * The rules consumer (a thin shell, STYLE.md § 3): decodes each inbound report, asks the pure
 * rules for a verdict, plans where it goes, and writes receipt, notifications, recipients' copies,
 * holds and dead letters in one Kafka transaction together with the consumed offsets. A crash
 * at any point leaves either all of a batch's output or none of it.
 */
export const startRulesConsumer = async (o: RulesConsumerOptions): Promise<RulesConsumer> => {
  const logger = o.logger.child({ component: 'rules-consumer' });
  const clock = o.clock ?? Date.now;
  const knownFunds = new Set(o.funds.map((f) => f.code));
  const producers = new Map<number, Producer>();
  const consumer = o.kafka.consumer({ groupId: o.groupId, readUncommitted: false, sessionTimeout: o.sessionTimeoutMs ?? 30_000, heartbeatInterval: Math.min(3000, Math.floor((o.sessionTimeoutMs ?? 30_000) / 3)),
    // A batch becomes one transaction of about four records per report: half a megabyte per partition
    // keeps transactions short and memory bounded while a large backlog drains.
    maxBytesPerPartition: 512 * 1024, maxBytes: 2 * 1024 * 1024,
  });

  const producerFor = async (partition: number): Promise<Producer> => {
    let producer = producers.get(partition);
    if (!producer) {
      producer = o.kafka.producer({
        transactionalId: `${o.transactionalIdPrefix}-p${partition}`, idempotent: true, maxInFlightRequests: 1, transactionTimeout: 60_000,
        // A transaction begun right after a commit is often answered CONCURRENT_TRANSACTIONS while the
        // coordinator writes the markers; kafkajs retries it, and a short first wait keeps that cheap.
        retry: { initialRetryTime: 10, maxRetryTime: 2000, retries: 30, multiplier: 1.5 },
      });
      await producer.connect();
      producers.set(partition, producer);
    }
    return producer;
  };

  // The group's committed offset of a partition, read after a failed transaction (see the retry loop).
  let admin: Admin | undefined;
  const committedOffset = async (topic: string, partition: number): Promise<bigint | undefined> => {
    if (!admin) { admin = o.kafka.admin(); await admin.connect(); }
    const [offsets] = await admin.fetchOffsets({ groupId: o.groupId, topics: [topic] });
    const committed = offsets?.partitions.find((p) => p.partition === partition)?.offset;
    return committed === undefined || committed === '-1' ? undefined : BigInt(committed);
  };

  /**
   * Replaces a partition's transactional producer (initialising the id completes or aborts whatever
   * transaction an earlier producer left open) and then reads the group's committed offset: the
   * first message not yet written. Retries until it can answer; undefined once `wanted()` is false.
   */
  const settle = async (topic: string, partition: number, wanted: () => boolean, pause: (ms: number) => Promise<void>): Promise<bigint | undefined> => {
    for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5000)) {
      if (!wanted()) return undefined;
      const stale = producers.get(partition);
      producers.delete(partition);
      await stale?.disconnect().catch(() => undefined);
      try {
        await producerFor(partition);
        return (await committedOffset(topic, partition)) ?? 0n;
      } catch (error) {
        logger.warn({ err: error, partition, retryInMs: delayMs }, 'could not settle the partition\'s transaction and offset; trying again');
        await admin?.disconnect().catch(() => undefined);
        admin = undefined;
        await pause(delayMs);
      }
    }
  };

  let needsCatchUp = true;
  /** Per partition, the committed offset read once since the last join: where this owner starts. */
  const settled = new Map<number, bigint>();
  /** Per partition, how many times it was settled: a batch of an older settlement is stale. */
  const generations = new Map<number, number>();
  consumer.on(consumer.events.GROUP_JOIN, () => { needsCatchUp = true; settled.clear(); });

  /**
   * Whether a batch still belongs to this member's current ownership of its partition. A batch begun
   * before a rebalance must not commit after it: its offsets would carry no generation (kafkajs's
   * sendOffsets) and, through the partition's new producer, would not even be fenced.
   */
  type StillCurrent = () => boolean;
  const staleBatch = new Error('stale batch');

  const processBatch = async (topic: string, partition: number, messages: KafkaMessage[], stillCurrent: StillCurrent = () => true) => {
    const started = process.hrtime.bigint();
    if (needsCatchUp) {
      // After a (re)assignment, state written by the partition's previous owner must be applied first.
      await o.follower.caughtUp();
      needsCatchUp = false;
    }
    const decoded = await Promise.all(messages.map(async (m) => {
      if (!m.value) return { error: new HubError('DECODE_FAILED', 'empty message value') };
      try {
        return await o.codec.decodeInbound(m.value);
      } catch (error) {
        if (isHubError(error) && error.code === 'DECODE_FAILED') return { error };
        throw error; // the registry is away: retry the whole batch
      }
    }));
    const ids = decoded.map((d) => ('report' in d ? o.keys.delivered(String(d.report.kildesystem), String(d.report.indberetningId)) : ''));
    const known = ids.some(Boolean) ? await o.redis.mget(ids.map((id) => id || '-')) : [];
    const deliveredNow = new Set<string>();

    const out = new Map<string, Message[]>();
    const send = (t: string, message: Message) => { let list = out.get(t); if (!list) out.set(t, (list = [])); list.push(message); };
    const after: AfterCommit = { delivered: [], offerEnded: [], offerEndDates: [] };
    const processedAt = clock();

    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      const d = decoded[i]!;
      const messageTime = Number(message.timestamp);
      if ('error' in d) {
        const error = d.error as HubError;
        send(o.topics.doedeBreve, { key: message.key, value: await o.codec.encode(o.topics.doedeBreve, {
          indberetningId: null, kildesystem: message.headers?.[HEADERS.kildesystem]?.toString() ?? null,
          kode: error.code, aarsag: redactCpr(error.message), kildeTopic: topic, kildePartition: partition,
          kildeOffset: message.offset, noegle: message.key?.toString() ?? null, original: message.value ?? Buffer.alloc(0), tidspunkt: new Date(processedAt).toISOString(),
        }) });
        o.metrics.deadLetters.inc({ code: error.code });
        o.metrics.outcomes.inc({ udfald: 'DOEDT_BREV' });
        continue;
      }
      const staged: Array<[string, Message]> = [];
      const stage = (t: string, m: Message) => { staged.push([t, m]); };
      try {
        const { kapitel, report } = d;
        const envelope = report as unknown as ReportEnvelope;
        const key = personKey(o.personKeySecret, envelope.cpr);
        const firstReceivedAt = headerNumber(message.headers, HEADERS.foersteModtagelse) ?? messageTime;
        const evaluatedAt = headerNumber(message.headers, HEADERS.vurderingstid) ?? messageTime;
        const forsoeg = headerNumber(message.headers, HEADERS.forsoeg) ?? 0;
        const person = o.store.get(key);
        const refusal = o.admission?.(envelope.kildesystem, kapitel, envelope.kommunekode);
        const verdict: Verdict = refusal
          ? { kind: 'rejected', paragraph: refusal.paragraph, reasons: [refusal.reason], warnings: [] }
          : o.decide(kapitel, report, { now: evaluatedAt, person });
        const tilbud = (report as unknown as Kapitel11Indberetning).tilbud;
        const plan: Plan = planOutcome({
          kapitel, haendelsestype: String(envelope.haendelsestype ?? ''), verdict, person,
          alreadyDelivered: (known[i] !== null && known[i] !== undefined) || deliveredNow.has(ids[i]!),
          firstReceivedAt, now: Math.max(processedAt, messageTime), forsoeg, knownFunds, routing: o.routing,
          ...(tilbud?.slutdato && tilbud.tilbudId ? { tilbudSlutdato: tilbud.slutdato } : {}),
        });
        o.metrics.reportsIn.inc({ kapitel: String(kapitel) });
        o.metrics.verdicts.inc({ kind: verdict.kind, paragraf: verdict.paragraph, kommunekode: envelope.kommunekode });
        o.metrics.outcomes.inc({ udfald: plan.udfald });
  
        const recipients: string[] = [];
        for (const delivery of plan.deliveries) {
          if (delivery.to === 'fund') {
            const fundTopic = o.topics.fund(delivery.akasse);
            const value = await o.codec.encode(fundTopic, notificationOf(report as unknown as Kapitel11Indberetning, verdict, delivery.akasse, firstReceivedAt));
            stage(fundTopic, { key, value, headers: { [HEADERS.indberetningId]: envelope.indberetningId, [HEADERS.signatur]: await o.signNotification(value) } });
            recipients.push(fundTopic);
            o.metrics.reportsOut.inc({ recipient: 'fund', kapitel: String(kapitel) });
          } else {
            stage(o.topics.datavarehus, { key, value: await o.codec.encode(o.topics.datavarehus, {
              vurdering: verdict.kind, paragraf: verdict.paragraph, fristdato: 'dueDate' in verdict ? verdict.dueDate : null,
              modtagetTidspunkt: new Date(firstReceivedAt).toISOString(), indberetning: { kapitel, data: o.codec.wrapReport(kapitel, report) },
            }) });
            recipients.push(o.topics.datavarehus);
            o.metrics.reportsOut.inc({ recipient: 'datavarehus', kapitel: String(kapitel) });
            for (const share of o.shareWith(kapitel, report, verdict)) {
              stage(share.topic, { key, value: await o.codec.encode(share.topic, share.value) });
              recipients.push(share.topic);
              o.metrics.reportsOut.inc({ recipient: share.topic, kapitel: String(kapitel) });
            }
          }
        }
        if (plan.udfald === 'LEVERET') {
          deliveredNow.add(ids[i]!);
          after.delivered.push(ids[i]!);
          if (tilbud?.tilbudId) {
            const offer = `${envelope.kildesystem}:${tilbud.tilbudId}`;
            if (envelope.haendelsestype === 'tilbud-slut') after.offerEnded.push(offer);
            else if (tilbud.slutdato) after.offerEndDates.push([offer, tilbud.slutdato]);
          }
          const change = o.kontaktgruppeChange(kapitel, report, verdict);
          if (change) {
            o.store.applyKontaktgruppe(key, change.kontaktgruppe, processedAt);
            stage(o.topics.personstatus, { key, value: await o.codec.encode(o.topics.personstatus, { kontaktgruppe: change.kontaktgruppe, indberetningId: envelope.indberetningId, opdateret: new Date(processedAt).toISOString() }) });
          }
        }
        for (const p of plan.pending) {
          stage(o.topics.ventende, { key, value: await o.codec.encode(o.topics.ventende, {
            indberetningId: envelope.indberetningId, grund: p.grund, fristdato: p.grund === 'KONTROL_AFSLUTNING' ? p.fristdato : null,
            frigivesTidspunkt: p.releaseAt, foersteModtagelse: firstReceivedAt, forsoeg: p.grund === 'AFVENTER_AKASSE' ? p.forsoeg : 0,
            noegle: key, original: message.value!,
          }) });
        }
        if (plan.deadLetter) {
          stage(o.topics.doedeBreve, { key, value: await o.codec.encode(o.topics.doedeBreve, {
            indberetningId: envelope.indberetningId, kildesystem: envelope.kildesystem, kode: plan.deadLetter.kode, aarsag: redactCpr(plan.deadLetter.aarsag),
            kildeTopic: topic, kildePartition: partition, kildeOffset: message.offset, noegle: key, original: message.value!, tidspunkt: new Date(processedAt).toISOString(),
          }) });
          o.metrics.deadLetters.inc({ code: plan.deadLetter.kode });
          if (plan.deadLetter.kode === 'UNKNOWN_FUND') {
            // The reporting jobcentre and operations must hear of a report no fund received.
            stage(o.topics.alarmer, { key: envelope.kommunekode, value: await o.codec.encode(o.topics.alarmer, {
              alarmId: `ikke-routbar.${envelope.kildesystem}.${envelope.indberetningId}`, type: 'IKKE_ROUTBAR',
              kommunekode: envelope.kommunekode, kildesystem: envelope.kildesystem, indberetningId: envelope.indberetningId,
              tilbudId: null, fristdato: null, beskrivelse: redactCpr(plan.deadLetter.aarsag), tidspunkt: new Date(processedAt).toISOString(),
            }) });
          }
        }
        const held = plan.pending.find((p) => p.grund === 'TILBAGEHOLDT');
        stage(o.topics.kvitteringer, { key: envelope.indberetningId, value: await o.codec.encode(o.topics.kvitteringer, receiptOf({
          report: envelope, kapitel, verdict, udfald: plan.udfald, extraReasons: plan.reasons, recipients,
          releaseOn: held && verdict.kind === 'premature' ? verdict.releaseOn ?? null : null, receivedAt: firstReceivedAt, processedAt,
        })), headers: { [HEADERS.kildesystem]: envelope.kildesystem } });
      } catch (error) {
        if (isHubError(error) && error.canRetry) throw error;
        // A report the hub cannot turn into its outputs (a bug, or data no schema accepts) is
        // dead-lettered with the reason rather than blocking its partition.
        staged.length = 0;
        const reason = redactCpr(`could not process the report: ${(error as Error).message}`);
        stage(o.topics.doedeBreve, { key: message.key, value: await o.codec.encode(o.topics.doedeBreve, {
          indberetningId: String(d.report.indberetningId ?? '') || null, kildesystem: String(d.report.kildesystem ?? '') || null,
          kode: 'REPORT_UNPROCESSABLE', aarsag: reason, kildeTopic: topic, kildePartition: partition,
          kildeOffset: message.offset, noegle: message.key?.toString() ?? null, original: message.value!, tidspunkt: new Date(processedAt).toISOString(),
        }) });
        o.metrics.deadLetters.inc({ code: 'REPORT_UNPROCESSABLE' });
        logger.error({ err: error, partition, offset: message.offset }, 'report dead-lettered: could not be processed');
      }
      for (const [t, m] of staged) send(t, m);
    }

    if (!stillCurrent()) throw staleBatch;
    const producer = await producerFor(partition);
    const transaction = await producer.transaction();
    try {
      const topicMessages: TopicMessages[] = [...out].map(([t, ms]) => ({ topic: t, messages: ms }));
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
      await transaction.sendOffsets({ consumerGroupId: o.groupId, topics: [{ topic, partitions: [{ partition, offset: (BigInt(messages[messages.length - 1]!.offset) + 1n).toString() }] }] });
      if (!stillCurrent()) throw staleBatch;
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      if (error === staleBatch) throw error;
      // kafkajs marks errors a retry cannot fix (a record too large, a timestamp out of range).
      const refused = (error as { retriable?: boolean; name?: string }).retriable === false && (error as { name?: string }).name === 'KafkaJSProtocolError';
      throw new HubError(refused ? 'KAFKA_REFUSED' : 'KAFKA_UNAVAILABLE', `transaction for ${topic}[${partition}] failed: ${(error as Error).message}`, { cause: error });
    }
    await recordAfterCommit(o.redis, o.keys, after);
    o.metrics.batchSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
  };

  const isolateRefused = async (topic: string, partition: number, messages: KafkaMessage[]) => {
    for (const message of messages) {
      try {
        await processBatch(topic, partition, [message]);
      } catch (error) {
        if (!(isHubError(error) && error.code === 'KAFKA_REFUSED')) throw error;
        const producer = await producerFor(partition);
        const transaction = await producer.transaction();
        try {
          await transaction.send({ topic: o.topics.doedeBreve, acks: -1, messages: [{ key: message.key, value: await o.codec.encode(o.topics.doedeBreve, {
            indberetningId: message.headers?.[HEADERS.indberetningId]?.toString() ?? null, kildesystem: message.headers?.[HEADERS.kildesystem]?.toString() ?? null,
            kode: 'KAFKA_REFUSED', aarsag: redactCpr(error.message), kildeTopic: topic, kildePartition: partition, kildeOffset: message.offset,
            noegle: message.key?.toString() ?? null, original: message.value ?? Buffer.alloc(0), tidspunkt: new Date(clock()).toISOString(),
          }) }] });
          await transaction.sendOffsets({ consumerGroupId: o.groupId, topics: [{ topic, partitions: [{ partition, offset: (BigInt(message.offset) + 1n).toString() }] }] });
          await transaction.commit();
        } catch (inner) {
          await transaction.abort().catch(() => undefined);
          throw inner;
        }
        o.metrics.deadLetters.inc({ code: 'KAFKA_REFUSED' });
        logger.error({ partition, offset: message.offset }, 'report dead-lettered: the broker refused its output');
      }
    }
  };

  await consumer.connect();
  await consumer.subscribe({ topic: o.topics.indberetninger, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: true,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale }) => {
      if (batch.messages.length === 0) return;
      // kafkajs heartbeats only when asked: a back-off longer than the session timeout would cost the
      // group membership and start a rebalance storm. Waits are cut into steps with a heartbeat each;
      // a rebalance or an unknown member ends the batch (thrown to kafkajs, which rejoins; the batch's
      // offsets are not resolved, so nothing is skipped). Other heartbeat failures (the coordinator
      // away) are tried again at the next step.
      const pause = async (ms: number) => {
        for (let left = ms; left > 0 && isRunning(); left -= 500) {
          await new Promise((r) => setTimeout(r, Math.min(500, left)));
          await heartbeat().catch((error: { type?: string }) => {
            if (MEMBERSHIP_LOST.has(error.type ?? '')) throw error;
          });
        }
      };
      let delayMs = 250;
      if (!settled.has(batch.partition)) {
        // First batch of a partition since this member got it. The previous owner may have died
        // mid-commit: its commit completes, but the offsets kafkajs fetched at assignment can predate
        // it (kafkajs's OffsetFetch does not wait for pending transactional offsets, KIP-447). A new
        // producer with the partition's transactional id settles that transaction first; then the
        // group's committed offset says where this owner really starts.
        generations.set(batch.partition, (generations.get(batch.partition) ?? 0) + 1);
        const start = await settle(batch.topic, batch.partition, () => isRunning() && !isStale(), pause);
        if (start === undefined) return;
        settled.set(batch.partition, start);
      }
      // Messages below the committed offset were written by the previous owner: never again.
      let from = settled.get(batch.partition) ?? 0n;
      const generation = generations.get(batch.partition);
      const stillCurrent = () => isRunning() && !isStale() && generations.get(batch.partition) === generation;
      for (;;) {
        if (!isRunning() || isStale()) return;
        const pending = batch.messages.filter((m) => BigInt(m.offset) >= from);
        try {
          if (pending.length > 0) await processBatch(batch.topic, batch.partition, pending, stillCurrent);
          return;
        } catch (error) {
          if (error === staleBatch) {
            logger.warn({ partition: batch.partition }, 'batch dropped: the partition was reassigned while it ran');
            return;
          }
          if (isHubError(error) && error.code === 'KAFKA_REFUSED') {
            // Find the record the broker will not take: one message at a time, the refused one dead-lettered.
            await isolateRefused(batch.topic, batch.partition, pending);
            return;
          }
          if (!isRetryable(error)) throw error;
          o.metrics.errors.inc({ component: 'rules-consumer', code: isHubError(error) ? error.code : 'UNKNOWN' });
          o.metrics.retries.inc({ queue: 'rules-consumer' });
          logger.warn({ err: error, partition: batch.partition, retryInMs: delayMs }, 'batch failed; retrying');
          await pause(delayMs);
          delayMs = Math.min(delayMs * 2, 10_000);
          // A commit whose answer was lost (the broker or coordinator went away) may have taken
          // effect: processing the batch again would write it twice. Settling (a new producer with the
          // same transactional id completes the pending transaction, then the committed offset is
          // read) says which messages of the batch are still to do; until it can say, nothing is redone.
          const start = await settle(batch.topic, batch.partition, stillCurrent, pause);
          if (start === undefined) return;
          from = start;
        }
      }
    },
  });
  logger.info({ groupId: o.groupId }, 'rules consumer running');

  return {
    consumer,
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await Promise.all([...producers.values()].map((p) => p.disconnect().catch(() => undefined)));
      await admin?.disconnect().catch(() => undefined);
    },
  };
};

const recordAfterCommit = async (redis: Redis, keys: RedisKeys, after: AfterCommit): Promise<void> => {
  if (after.delivered.length + after.offerEnded.length + after.offerEndDates.length === 0) return;
  const pipeline = redis.pipeline();
  for (const key of after.delivered) pipeline.set(key, '1', 'EX', DELIVERED_TTL_S);
  for (const offer of after.offerEnded) pipeline.set(keys.offerEnded(offer), '1', 'EX', DELIVERED_TTL_S);
  for (const [offer, date] of after.offerEndDates) pipeline.set(keys.offerEndDate(offer), date, 'EX', DELIVERED_TTL_S);
  await pipeline.exec();
};

