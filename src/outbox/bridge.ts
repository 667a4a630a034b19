import type { Admin, Kafka, KafkaMessage, Message, Producer } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import { HEADERS } from '../config/headers.ts';
import { receiptOf } from '../consumers/messages.ts';
import type { PreSendCheck } from '../producers/report-publisher.ts';
import { schemaReasons, withNullDefaults } from '../producers/validate.ts';
import type { Reason } from '../rules/verdict.ts';
import type { HubCodec } from '../shared/codec.ts';
import { isHubError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { PersonKeys } from '../person-keys/index.ts';
import { isRowId, readOutboxRow, reportIdOfRow } from './outbox-row.ts';
import { readSeenRows } from './seen-rows.ts';
import { transactionalProducerConfig } from '../kafka/partition-processor.ts';

/** Topic, group and transactional-id names of the outbox bridge, derived from the topic prefix. */
export const outboxNames = (prefix: string) => ({
  /** Debezium's outbox event router writes every outbox row here (one partition). */
  topic: `${prefix}.outbox`,
  /** Compacted: one marker per outbox row the bridge has carried into the hub, keyed by row id. */
  sent: `${prefix}.outbox.sendt`,
  group: `${prefix}.outbox`,
  transactionalIdPrefix: `${prefix}.outbox.tx`,
  receiptGroup: `${prefix}.outbox.kvitteringer`,
});

export interface OutboxBridgeOptions {
  readonly kafka: Kafka;
  readonly codec: HubCodec;
  readonly topics: TopicNames;
  /** The hub's key service: the inbound record is keyed by the person's key. */
  readonly personKeys: PersonKeys;
  /** The rules' required-field check, as the SDK runs it before sending. */
  readonly preSendCheck: PreSendCheck;
  readonly logger: Logger;
  readonly topicPrefix: string;
  /** Epoch ms; default Date.now. Only the refusal receipts' processing time reads it. */
  readonly clock?: () => number;
}

export interface OutboxBridge {
  /** Rows carried into the hub or refused, and redelivered rows skipped, since start. */
  readonly counts: { carried: number; refused: number; redelivered: number };
  stop(): Promise<void>;
}

const header = (m: KafkaMessage, name: string): string | undefined => {
  const raw = m.headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined ? undefined : value.toString();
};

const MEMBERSHIP_LOST = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR']);

/** Creates the outbox topic and the bridge's marker topic when missing: one partition each. */
export const provisionOutboxTopics = async (admin: Admin, prefix: string, replicationFactor = 1): Promise<void> => {
  const names = outboxNames(prefix);
  const existing = new Set(await admin.listTopics());
  const topics = [
    { topic: names.topic, numPartitions: 1, replicationFactor },
    { topic: names.sent, numPartitions: 1, replicationFactor, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
  ].filter((t) => !existing.has(t.topic));
  if (topics.length > 0) await admin.createTopics({ topics, waitForLeaders: true });
};

/**
 * Carries the case system's outbox rows (Debezium's event router, `<prefix>.outbox`) into the hub,
 * exactly once per row:
 *
 * - A row the SDK's checks accept is encoded to the inbound Avro contract and written to the inbound
 *   topic, its `indberetningId` the row's id; a row they refuse gets an `AFVIST` receipt with the
 *   reasons on the receipts topic. Never dropped.
 * - Each batch's outputs, a marker per row on `<prefix>.outbox.sendt` and the consumed offsets go in
 *   one Kafka transaction: a crash leaves all of it or none.
 * - Connect delivers at least once: after a worker restart it sends again the rows since its last
 *   flushed source offset, as new messages. The markers are the idempotence key: a row id already
 *   marked is skipped. The set of marked ids is read back from the marker topic whenever the bridge
 *   takes the partition, after its transactional producer has settled what a predecessor left open.
 */
export const startOutboxBridge = async (o: OutboxBridgeOptions): Promise<OutboxBridge> => {
  const logger = o.logger.child({ component: 'outbox-bridge' });
  const clock = o.clock ?? Date.now;
  const names = outboxNames(o.topicPrefix);
  const counts = { carried: 0, refused: 0, redelivered: 0 };
  const admin = o.kafka.admin();
  await admin.connect();
  await provisionOutboxTopics(admin, o.topicPrefix);

  const producers = new Map<number, Producer>();
  const seen = new Map<number, Set<string>>();
  /** Per partition, the first offset not yet carried, read once per ownership. */
  const settled = new Map<number, bigint>();
  const consumer = o.kafka.consumer({ groupId: names.group, readUncommitted: false, maxBytesPerPartition: 1024 * 1024 });
  consumer.on(consumer.events.GROUP_JOIN, () => settled.clear());

  /** A new transactional producer (settling a predecessor's open transaction), the marked rows, the committed offset. */
  const settle = async (partition: number): Promise<bigint> => {
    const stale = producers.get(partition);
    producers.delete(partition);
    await stale?.disconnect().catch(() => undefined);
    const producer = o.kafka.producer(transactionalProducerConfig(`${names.transactionalIdPrefix}-p${partition}`));
    await producer.connect();
    producers.set(partition, producer);
    seen.set(partition, await readSeenRows(o.kafka, names.sent, partition));
    const [offsets] = await admin.fetchOffsets({ groupId: names.group, topics: [names.topic] });
    const committed = offsets?.partitions.find((p) => p.partition === partition)?.offset;
    const start = committed === undefined || committed === '-1' ? 0n : BigInt(committed);
    logger.info({ partition, start: start.toString(), marked: seen.get(partition)!.size }, 'outbox partition settled');
    return start;
  };

  /** The inbound message of an accepted row, or the reasons it is refused. */
  const prepare = async (m: KafkaMessage, rowId: string): Promise<{ inbound: Message } | { refusal: Message; reasons: readonly Reason[] }> => {
    const row = readOutboxRow(rowId, m.value?.toString() ?? null);
    const reportId = reportIdOfRow(rowId);
    const report = row.kapitel > 0 ? withNullDefaults(row.kapitel, row.report) : row.report;
    const reasons = row.ok ? schemaReasons(row.kapitel, report) : [...row.reasons];
    if (reasons.length === 0) reasons.push(...o.preSendCheck(row.kapitel, report));
    if (reasons.length === 0) {
      return {
        inbound: {
          key: (await o.personKeys.keysFor([String(report.cpr)]))[0]!,
          value: await o.codec.encodeInbound(row.kapitel, report),
          // The registration's own moment (the row's commit, as Debezium stamps it) is when it was reported (§ 64).
          timestamp: m.timestamp,
          headers: { [HEADERS.kildesystem]: String(report.kildesystem), [HEADERS.indberetningId]: reportId, [HEADERS.kapitel]: String(row.kapitel) },
        },
      };
    }
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const receipt = receiptOf({
      report: { indberetningId: reportId, kildesystem: text(report.kildesystem), kommunekode: text(report.kommunekode), cpr: '', haendelsesdato: '', haendelsestype: text(report.haendelsestype) },
      kapitel: row.kapitel, udfald: 'AFVIST', extraReasons: reasons, recipients: [], receivedAt: Number(m.timestamp), processedAt: clock(),
    });
    return {
      refusal: { key: reportId, value: await o.codec.encode(o.topics.kvitteringer, receipt), headers: { [HEADERS.kildesystem]: text(report.kildesystem) } },
      reasons,
    };
  };

  const carry = async (partition: number, messages: KafkaMessage[]): Promise<void> => {
    const marked = seen.get(partition)!;
    const inbound: Message[] = [];
    const refusals: Message[] = [];
    const markers: Message[] = [];
    const fresh = new Set<string>();
    let redelivered = 0;
    for (const m of messages) {
      const rowId = header(m, 'id');
      if (!isRowId(rowId)) {
        // Not an outbox row (the router names every row's id in this header): nothing to receipt it to.
        logger.error({ partition, offset: m.offset }, 'message on the outbox topic without a row id header; skipped');
        continue;
      }
      if (marked.has(rowId) || fresh.has(rowId)) { redelivered++; continue; }
      fresh.add(rowId);
      const prepared = await prepare(m, rowId);
      if ('inbound' in prepared) inbound.push(prepared.inbound);
      else {
        refusals.push(prepared.refusal);
        // The reasons name fields and codes, never a value: a CPR number cannot stand here.
        logger.info({ partition, offset: m.offset, rowId, reasons: prepared.reasons.map((r) => r.code) }, 'outbox row refused; its receipt carries the reasons');
      }
      markers.push({ key: rowId, value: m.offset, partition });
    }
    const producer = producers.get(partition)!;
    const transaction = await producer.transaction();
    try {
      const topicMessages = [
        { topic: o.topics.indberetninger, messages: inbound },
        { topic: o.topics.kvitteringer, messages: refusals },
        { topic: names.sent, messages: markers },
      ].filter((t) => t.messages.length > 0);
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
      const next = (BigInt(messages[messages.length - 1]!.offset) + 1n).toString();
      await transaction.sendOffsets({ consumerGroupId: names.group, topics: [{ topic: names.topic, partitions: [{ partition, offset: next }] }] });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    for (const id of fresh) marked.add(id);
    counts.carried += inbound.length;
    counts.refused += refusals.length;
    counts.redelivered += redelivered;
    if (redelivered > 0) logger.info({ partition, redelivered }, 'skipped outbox rows already carried (Connect redelivered them)');
  };

  await consumer.connect();
  await consumer.subscribe({ topic: names.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale }) => {
      if (batch.messages.length === 0) return;
      const pause = async (ms: number) => {
        for (let left = ms; left > 0 && isRunning(); left -= 500) {
          await new Promise((r) => setTimeout(r, Math.min(500, left)));
          await heartbeat().catch((error: { type?: string }) => { if (MEMBERSHIP_LOST.has(error.type ?? '')) throw error; });
        }
      };
      for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 10_000)) {
        if (!isRunning() || isStale()) return;
        try {
          if (!settled.has(batch.partition)) settled.set(batch.partition, await settle(batch.partition));
          const from = settled.get(batch.partition)!;
          const pending = batch.messages.filter((m) => BigInt(m.offset) >= from);
          if (pending.length > 0) await carry(batch.partition, pending);
          return;
        } catch (error) {
          if (isHubError(error) && !error.canRetry) throw error;
          logger.warn({ err: error, partition: batch.partition, retryInMs: delayMs }, 'outbox batch failed; settling and retrying');
          // A commit whose answer was lost may have taken effect: settle again (a new producer, the
          // markers and the committed offset) before anything is redone.
          settled.delete(batch.partition);
          await pause(delayMs);
        }
      }
    },
  });
  logger.info({ topic: names.topic }, 'outbox bridge running');
  return {
    counts,
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await Promise.all([...producers.values()].map((p) => p.disconnect().catch(() => undefined)));
      await admin.disconnect().catch(() => undefined);
    },
  };
};
