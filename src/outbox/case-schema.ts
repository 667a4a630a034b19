/**
 * The tables the hub asks of a case system's PostgreSQL database (docs/outbox.md quotes them;
 * test/outbox/case-schema.unit.test.ts keeps the two the same).
 *
 * `hub_outbox`: one row per report, inserted in the same transaction that saves the case change.
 * The row's `id` becomes the report's `indberetningId`; `payload` is the report as JSON, the same
 * `{"kapitel": N, ...fields}` a line of `hub publish` takes. Debezium reads the rows from the
 * write-ahead log; the hub never queries the table except to match receipts to its rows.
 *
 * `hub_kvittering`: one row per outbox row, written by the hub: the latest receipt of that report.
 */
export const OUTBOX_DDL = `CREATE TABLE IF NOT EXISTS hub_outbox (
  id            uuid        PRIMARY KEY,
  aggregatetype text        NOT NULL DEFAULT 'indberetning',
  aggregateid   text        NOT NULL,
  type          text        NOT NULL,
  payload       jsonb       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);`;

export const RECEIPTS_DDL = `CREATE TABLE IF NOT EXISTS hub_kvittering (
  outbox_id          uuid        PRIMARY KEY,
  status             text        NOT NULL,
  udfald             text        NOT NULL,
  vurdering          text        NOT NULL,
  paragraf           text,
  fristdato          text,
  aarsager           jsonb       NOT NULL DEFAULT '[]',
  behandlet          timestamptz NOT NULL,
  kvittering_offset  bigint      NOT NULL,
  modtaget           timestamptz NOT NULL DEFAULT now()
);`;

/** A made-up case system's own table, for the demo and the tests: a case (sag) and its events. */
export const SAMPLE_CASE_DDL = `CREATE TABLE IF NOT EXISTS sag_haendelse (
  id             bigserial   PRIMARY KEY,
  sag_id         text        NOT NULL,
  cpr            text        NOT NULL,
  haendelsestype text        NOT NULL,
  haendelsesdato date        NOT NULL,
  registreret    timestamptz NOT NULL DEFAULT now()
);`;

/** Every statement, in order: what `hub stack up --outbox` runs on the sample database. */
export const caseSchemaStatements = (): string[] => [OUTBOX_DDL, RECEIPTS_DDL, SAMPLE_CASE_DDL];
