import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Submission } from '../producers/report-publisher.ts';

/** One registration as a case worker makes it: the case's own event and the report it owes. */
export interface Registration {
  readonly sagId: string;
  readonly cpr: string;
  readonly haendelsestype: string;
  readonly haendelsesdato: string;
  readonly submission: Submission;
}

/**
 * Saves case events the way the outbox asks (docs/outbox.md): the case change and its outbox row in
 * one database transaction. Returns the outbox row ids (the reports' ids) in order. With `rollBack`,
 * the transaction is rolled back after the inserts, as a case system does when saving fails: then
 * neither the case change nor the report exists (the ids returned name rows that never were).
 */
export const registerInCaseSystem = async (client: pg.ClientBase, registrations: readonly Registration[], options: { rollBack?: boolean } = {}): Promise<string[]> => {
  const ids = registrations.map(() => randomUUID());
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO sag_haendelse (sag_id, cpr, haendelsestype, haendelsesdato)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[])`,
      [registrations.map((r) => r.sagId), registrations.map((r) => r.cpr), registrations.map((r) => r.haendelsestype), registrations.map((r) => r.haendelsesdato)],
    );
    await client.query(
      `INSERT INTO hub_outbox (id, aggregateid, type, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
      [ids, registrations.map((r) => r.sagId), registrations.map((r) => `kapitel${r.submission.kapitel}`),
        registrations.map((r) => JSON.stringify({ kapitel: r.submission.kapitel, ...r.submission.report }))],
    );
    await client.query(options.rollBack ? 'ROLLBACK' : 'COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return ids;
};

/** A receipt as the case worker sees it beside the case. */
export interface CaseReceipt {
  readonly outboxId: string;
  readonly status: string;
  readonly paragraf: string | null;
  readonly aarsager: ReadonlyArray<{ kode: string; tekst: string }>;
}

/** The receipts of the given outbox rows that have arrived so far. */
export const receiptsOf = async (client: pg.ClientBase, ids: readonly string[]): Promise<CaseReceipt[]> => {
  const { rows } = await client.query<{ outbox_id: string; status: string; paragraf: string | null; aarsager: Array<{ kode: string; tekst: string }> }>(
    'SELECT outbox_id, status, paragraf, aarsager FROM hub_kvittering WHERE outbox_id = ANY($1::uuid[])', [ids],
  );
  return rows.map((r) => ({ outboxId: r.outbox_id, status: r.status, paragraf: r.paragraf, aarsager: r.aarsager }));
};
