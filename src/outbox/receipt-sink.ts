import type { Kafka } from '../kafka/types.ts';
import pg from 'pg';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError, isHubError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { outboxNames } from './bridge.ts';
import { caseStatusOf, rowIdOfReport } from './outbox-row.ts';

export interface ReceiptSinkOptions {
  readonly kafka: Kafka;
  readonly codec: HubCodec;
  readonly topics: TopicNames;
  readonly topicPrefix: string;
  /** The case system's database (postgres://…), which holds `hub_outbox` and `hub_kvittering`. */
  readonly databaseUrl: string;
  readonly logger: Logger;
}

export interface ReceiptSink {
  /** Receipts written (inserted or updated) since start. */
  readonly counts: { written: number };
  stop(): Promise<void>;
}

interface Decoded {
  indberetningId: string; udfald: string; vurdering: string; paragraf: string | null; fristdato: string | null;
  aarsager: Array<{ kode: string; tekst: string; felt: string | null }>; behandletTidspunkt: string;
}

/**
 * One statement per batch: each receipt whose report id is an outbox row of this database lands in
 * `hub_kvittering`, one row per outbox row. A receipt read again (after a crash, before the offsets
 * were committed) or an older one than the row holds changes nothing: the receipts topic's offset
 * orders a report's receipts (one partition per report id), so a later one (held, then delivered)
 * replaces an earlier one and never the other way round.
 */
const UPSERT = `INSERT INTO hub_kvittering (outbox_id, status, udfald, vurdering, paragraf, fristdato, aarsager, behandlet, kvittering_offset)
SELECT r.id, r.status, r.udfald, r.vurdering, r.paragraf, r.fristdato, r.aarsager, r.behandlet, r.off
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::bigint[])
  AS r(id, status, udfald, vurdering, paragraf, fristdato, aarsager, behandlet, off)
WHERE EXISTS (SELECT 1 FROM hub_outbox o WHERE o.id = r.id)
ON CONFLICT (outbox_id) DO UPDATE SET status = excluded.status, udfald = excluded.udfald, vurdering = excluded.vurdering,
  paragraf = excluded.paragraf, fristdato = excluded.fristdato, aarsager = excluded.aarsager, behandlet = excluded.behandlet,
  kvittering_offset = excluded.kvittering_offset, modtaget = now()
WHERE hub_kvittering.kvittering_offset < excluded.kvittering_offset`;

/**
 * The hub as the sink of its own receipts into the case system's database: reads the receipts topic
 * (read_committed), writes each batch in one database transaction, and only then commits the
 * consumed offsets. A crash in between writes the batch again, which the upsert makes harmless.
 * Receipts of reports that did not come from this database's outbox are passed over.
 */
export const startReceiptSink = async (o: ReceiptSinkOptions): Promise<ReceiptSink> => {
  const logger = o.logger.child({ component: 'outbox-receipts' });
  const names = outboxNames(o.topicPrefix);
  const counts = { written: 0 };
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 2, connectionTimeoutMillis: 5000 });
  pool.on('error', (error) => logger.warn({ err: error }, 'case database connection lost'));
  const consumer = o.kafka.consumer({ groupId: names.receiptGroup, readUncommitted: false });

  const write = async (rows: Array<{ rowId: string; receipt: Decoded; offset: string }>): Promise<number> => {
    // One row per report in a statement (an upsert may not touch a row twice): the batch's latest receipt.
    const latest = new Map(rows.map((row) => [row.rowId, row]));
    const cols: unknown[][] = [[], [], [], [], [], [], [], [], []];
    for (const [rowId, { receipt: r, offset }] of latest) {
      [rowId, caseStatusOf(r.udfald, r.vurdering), r.udfald, r.vurdering, r.paragraf, r.fristdato,
        JSON.stringify(r.aarsager.map((a) => ({ kode: a.kode, tekst: a.tekst, felt: a.felt }))), r.behandletTidspunkt, offset]
        .forEach((v, i) => cols[i]!.push(v));
    }
    try {
      const result = await pool.query(UPSERT, cols);
      return result.rowCount ?? 0;
    } catch (error) {
      throw new HubError('CASE_DB_UNAVAILABLE', `could not write receipts to the case database: ${(error as Error).message}`, { cause: error });
    }
  };

  await consumer.connect();
  await consumer.subscribe({ topic: o.topics.kvitteringer, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      const rows: Array<{ rowId: string; receipt: Decoded; offset: string }> = [];
      for (const m of batch.messages) {
        // Receipts of reports that came from an outbox row (keyed by the row's report id) only.
        const rowId = rowIdOfReport(m.key?.toString());
        if (!m.value || rowId === undefined) continue;
        try {
          rows.push({ rowId, receipt: await o.codec.decode<Decoded>(m.value), offset: m.offset });
        } catch (error) {
          // Not a receipt the hub wrote: nothing to write back. A registry outage is thrown (kafkajs retries).
          if (!isHubError(error) || error.code !== 'DECODE_FAILED') throw error;
          logger.error({ offset: m.offset, partition: batch.partition }, 'undecodable message on the receipts topic; passed over');
        }
      }
      for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5000)) {
        if (!isRunning() || isStale()) return;
        try {
          if (rows.length > 0) counts.written += await write(rows);
          break;
        } catch (error) {
          if (!isHubError(error) || !error.canRetry) throw error;
          logger.warn({ err: error, retryInMs: delayMs }, 'receipts not written; retrying');
          await new Promise((r) => setTimeout(r, delayMs));
          await heartbeat().catch(() => undefined);
        }
      }
      const last = batch.messages[batch.messages.length - 1];
      if (last) resolveOffset(last.offset);
      await commitOffsetsIfNecessary();
    },
  });
  logger.info({ groupId: names.receiptGroup }, 'outbox receipt sink running');
  return {
    counts,
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
};
