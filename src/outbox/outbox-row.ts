import { carriesCpr } from '../rules/ch01/index.ts';
import type { Reason } from '../rules/verdict.ts';

/** One outbox row as Debezium's event router carries it: the row id and its payload JSON. */
export type OutboxRow =
  | { readonly ok: true; readonly rowId: string; readonly kapitel: number; readonly report: Record<string, unknown> }
  | { readonly ok: false; readonly rowId: string; readonly kapitel: number; readonly report: Record<string, unknown>; readonly reasons: readonly Reason[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isRowId = (value: string | undefined): value is string => value !== undefined && UUID.test(value);

/** A row id's digits 0–9 written as the letters g–p (a–f stay): the same id without a digit. */
const DIGIT_FREE = /^ob-[a-p]{8}-[a-p]{4}-[a-p]{4}-[a-p]{4}-[a-p]{12}$/;

/**
 * The report id of an outbox row: the row's id, unless that id carries a CPR-shaped run (a random
 * UUID does about once in 2,300: `3c010505-2116-…`), which the hub refuses in any identifier because
 * identifiers stand in keys, addresses and the audit. Such a row's report id is the same UUID with
 * its digits written as letters, `ob-jcghglgl-…`: it names the row as surely, carries no digit, and
 * `rowIdOfReport` turns it back, so the row's receipt still finds the row.
 */
export const reportIdOfRow = (rowId: string): string =>
  carriesCpr(rowId) ? `ob-${rowId.toLowerCase().replace(/[0-9]/g, (d) => String.fromCharCode(103 + Number(d)))}` : rowId;

/** The outbox row a report id names (see reportIdOfRow), or undefined for a report that came another way. */
export const rowIdOfReport = (reportId: string | undefined): string | undefined => {
  if (reportId === undefined) return undefined;
  if (UUID.test(reportId)) return reportId;
  if (!DIGIT_FREE.test(reportId)) return undefined;
  return reportId.slice(3).replace(/[g-p]/g, (c: string) => String(c.charCodeAt(0) - 103));
};

/**
 * Reads a row's payload: `{"kapitel": N, ...report fields}` (or `{"kapitel": N, "report": {...}}`).
 * The report's id is the row's id (reportIdOfRow), whatever the payload says: a row is one report,
 * and the id ties its receipt back to the row. What cannot be read is a refusal with reasons, never an error: the
 * case worker sees it on the row's receipt.
 */
export const readOutboxRow = (rowId: string, payload: string | null): OutboxRow => {
  const refuse = (kapitel: number, report: Record<string, unknown>, reason: Reason): OutboxRow => ({ ok: false, rowId, kapitel, report, reasons: [reason] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload ?? '');
  } catch (error) {
    return refuse(0, {}, { code: 'payload-not-json', field: 'payload', message: `the outbox row's payload is not JSON: ${(error as Error).message}` });
  }
  // Debezium's router sends jsonb as text; a payload written as a JSON string of JSON arrives wrapped once more.
  if (typeof parsed === 'string') {
    try { parsed = JSON.parse(parsed); } catch { /* stays a string: refused below */ }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refuse(0, {}, { code: 'payload-not-object', field: 'payload', message: 'the outbox row\'s payload must be a JSON object {"kapitel": N, ...}' });
  }
  const { kapitel, report, ...rest } = parsed as Record<string, unknown>;
  const body = typeof report === 'object' && report !== null && !Array.isArray(report) ? (report as Record<string, unknown>) : rest;
  const withId = { ...body, indberetningId: reportIdOfRow(rowId) };
  if (typeof kapitel !== 'number' || !Number.isInteger(kapitel)) {
    return refuse(0, withId, { code: 'missing-field', field: 'kapitel', message: 'kapitel (the data area, 2–11) is missing or not a whole number' });
  }
  return { ok: true, rowId, kapitel, report: withId };
};

/**
 * What a case worker reads beside the case: `delivered`, `late` (delivered after its deadline),
 * `rejected` (with reasons), or the receipt's other outcomes in words.
 */
export const caseStatusOf = (udfald: string, vurdering: string): string => {
  if (udfald === 'LEVERET') return vurdering === 'late' ? 'late' : 'delivered';
  const words: Record<string, string> = {
    AFVIST: 'rejected', UDEN_FOR_PERSONKREDS: 'out-of-scope', TILBAGEHOLDT: 'held', AFVENTER_AKASSE: 'waiting-for-fund', DOEDT_BREV: 'dead-lettered', DUBLET: 'duplicate',
  };
  return words[udfald] ?? udfald.toLowerCase();
};
