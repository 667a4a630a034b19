/**
 * Reading reconciliation's results: the latest state of each discrepancy (the compacted topic's
 * view), selected by municipality and period, as rows, a per-municipality-and-paragraph summary,
 * a text table or CSV. Pure: records in, rows out.
 */
import type { Afvigelse } from '../config/records.generated.ts';

/** A discrepancy as the discrepancy topic holds it: the type generated from `schemas/afvigelse.avsc`. */
export type AfvigelseRecord = Afvigelse;

/** Which discrepancies to show: a municipality (all when absent), those whose period overlaps from–to, open only or all. */
export interface AfvigelseUdvalg {
  readonly kommunekode?: string;
  readonly from: string;
  readonly to: string;
  readonly kunAabne?: boolean;
}

/** The latest record per discrepancy id, in the order read (a later record of an id replaces an earlier one). */
export const latestAfvigelser = (records: Iterable<AfvigelseRecord>): AfvigelseRecord[] => {
  const by = new Map<string, AfvigelseRecord>();
  for (const r of records) by.set(r.afvigelseId, r);
  return [...by.values()];
};

export const selectAfvigelser = (records: readonly AfvigelseRecord[], u: AfvigelseUdvalg): AfvigelseRecord[] =>
  records
    .filter((r) => (u.kommunekode === undefined || r.kommunekode === u.kommunekode) && r.fradato <= u.to && r.tildato >= u.from && (!u.kunAabne || r.status === 'AABEN'))
    .sort((a, b) => a.kommunekode.localeCompare(b.kommunekode) || a.paragraf.localeCompare(b.paragraf, 'da', { numeric: true }) || a.fradato.localeCompare(b.fradato) || a.afvigelseId.localeCompare(b.afvigelseId));

/** Per municipality and paragraph: how many discrepancies are open and how many were closed. */
export interface AfstemningRow {
  readonly kommunekode: string;
  readonly paragraf: string;
  readonly aabne: number;
  readonly lukkede: number;
}

export const afstemningSummary = (records: readonly AfvigelseRecord[]): AfstemningRow[] => {
  const rows = new Map<string, { kommunekode: string; paragraf: string; aabne: number; lukkede: number }>();
  for (const r of records) {
    const key = `${r.kommunekode}\u0000${r.paragraf}`;
    const row = rows.get(key) ?? { kommunekode: r.kommunekode, paragraf: r.paragraf, aabne: 0, lukkede: 0 };
    if (r.status === 'AABEN') row.aabne++;
    else row.lukkede++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.kommunekode.localeCompare(b.kommunekode) || a.paragraf.localeCompare(b.paragraf, 'da', { numeric: true }));
};

const COLUMNS = ['kommunekode', 'paragraf', 'status', 'fradato', 'tildato', 'personnoegle', 'kilde', 'aabnetTidspunkt', 'lukketTidspunkt', 'beskrivelse'] as const;

const csvCell = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** RFC 4180 CSV with a header line. */
export const afvigelserCsv = (rows: readonly AfvigelseRecord[]): string =>
  [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';

/** A text table for the terminal: one line a discrepancy, its description last. */
export const afvigelserTable = (rows: readonly AfvigelseRecord[]): string => {
  const head = ['kommune', 'paragraf', 'status', 'fra', 'til', 'person', 'kilde', 'hvad'];
  const body = rows.map((r) => [r.kommunekode, r.paragraf, r.status === 'AABEN' ? 'åben' : `lukket ${r.lukketTidspunkt?.slice(0, 10) ?? ''}`, r.fradato, r.tildato, r.personnoegle.slice(0, 12), r.kilde, r.beskrivelse]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
};
