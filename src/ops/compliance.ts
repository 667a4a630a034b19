import { copenhagenDate } from '../rules/calendar/index.ts';

/**
 * The compliance report: per kommune and paragraph, how many reports came on time, late,
 * premature, rejected, and how many were missing. Pure: receipts and alarms in, rows out.
 */

/** What the report needs of a receipt (schemas/kvittering.avsc). */
export interface ReceiptFacts {
  readonly indberetningId: string;
  readonly kommunekode: string;
  readonly paragraf: string | null;
  readonly vurdering: string;
  readonly udfald: string;
  /** When the hub first received the report (ISO-8601 instant). */
  readonly modtagetTidspunkt: string;
  /** When this receipt was written (ISO-8601 instant); the latest receipt of an id wins. */
  readonly behandletTidspunkt: string;
}

/** What the report needs of an alarm (schemas/alarm.avsc). */
export interface AlarmFacts {
  readonly alarmId: string;
  readonly type: string;
  readonly kommunekode: string;
  readonly fristdato: string | null;
  readonly tidspunkt: string;
}

/** A period of whole Copenhagen days, both ends included (YYYY-MM-DD). */
export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface ComplianceRow {
  readonly kommunekode: string;
  readonly paragraf: string;
  readonly rettidig: number;
  readonly forsinket: number;
  readonly foertidlig: number;
  readonly afvist: number;
  readonly manglende: number;
  /** Late share of the reports that were judged on time or late (0 when none). */
  readonly andelForsinket: number;
}

/**
 * § 62, nr. 2: "Der skal ske indberetning af et tilbuds afslutning på slutdatoen for tilbuddet."
 * The end-of-offer check raises MANGLENDE_INDBERETNING when that report never came; the alarm
 * carries no paragraph, so the report books it here.
 */
export const MISSING_REPORT_PARAGRAPH = '§ 62 stk. 1 nr. 2';
const NO_PARAGRAPH = '(ingen)';

/** The Copenhagen calendar day of an instant given as ISO-8601 (YYYY-MM-DD). */
export const copenhagenDay = (iso: string): string => copenhagenDate(Date.parse(iso));

const inPeriod = (day: string, p: Period): boolean => day >= p.from && day <= p.to;

/** The latest receipt per report id (by processing time; a later one in the input wins a tie). */
export const latestReceipts = (receipts: readonly ReceiptFacts[]): ReceiptFacts[] => {
  const by = new Map<string, ReceiptFacts>();
  for (const r of receipts) {
    const seen = by.get(r.indberetningId);
    if (!seen || r.behandletTidspunkt >= seen.behandletTidspunkt) by.set(r.indberetningId, r);
  }
  return [...by.values()];
};

type Column = 'rettidig' | 'forsinket' | 'foertidlig' | 'afvist';
const COLUMN_OF: Record<string, Column> = { 'on-time': 'rettidig', late: 'forsinket', premature: 'foertidlig', rejected: 'afvist' };

/**
 * Counts each report id once, by its latest receipt, in the period its first receipt by the hub
 * falls in (modtagetTidspunkt, Copenhagen day). Out-of-scope reports are no compliance matter and
 * are left out. Missing = distinct MANGLENDE_INDBERETNING alarms whose due date is in the period.
 */
export const complianceReport = (receipts: readonly ReceiptFacts[], alarms: readonly AlarmFacts[], period: Period): ComplianceRow[] => {
  const rows = new Map<string, { kommunekode: string; paragraf: string; rettidig: number; forsinket: number; foertidlig: number; afvist: number; manglende: number }>();
  const row = (kommunekode: string, paragraf: string) => {
    const key = `${kommunekode}\u0000${paragraf}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { kommunekode, paragraf, rettidig: 0, forsinket: 0, foertidlig: 0, afvist: 0, manglende: 0 }));
    return r;
  };
  for (const r of latestReceipts(receipts)) {
    const column = COLUMN_OF[r.vurdering];
    if (!column || !inPeriod(copenhagenDay(r.modtagetTidspunkt), period)) continue;
    row(r.kommunekode, r.paragraf ?? NO_PARAGRAPH)[column]++;
  }
  const seenAlarms = new Set<string>();
  for (const a of alarms) {
    if (a.type !== 'MANGLENDE_INDBERETNING' || seenAlarms.has(a.alarmId)) continue;
    seenAlarms.add(a.alarmId);
    if (!inPeriod(a.fristdato ?? copenhagenDay(a.tidspunkt), period)) continue;
    row(a.kommunekode, MISSING_REPORT_PARAGRAPH).manglende++;
  }
  return [...rows.values()]
    .map((r) => ({ ...r, andelForsinket: r.rettidig + r.forsinket === 0 ? 0 : r.forsinket / (r.rettidig + r.forsinket) }))
    .sort((a, b) => a.kommunekode.localeCompare(b.kommunekode) || a.paragraf.localeCompare(b.paragraf, 'da', { numeric: true }));
};

/** Late reporting per jobcentre (kommunekode), summed over paragraphs, worst first. */
export const latenessByKommune = (rows: readonly ComplianceRow[]) => {
  const by = new Map<string, { kommunekode: string; rettidig: number; forsinket: number; manglende: number }>();
  for (const r of rows) {
    const k = by.get(r.kommunekode) ?? { kommunekode: r.kommunekode, rettidig: 0, forsinket: 0, manglende: 0 };
    k.rettidig += r.rettidig;
    k.forsinket += r.forsinket;
    k.manglende += r.manglende;
    by.set(r.kommunekode, k);
  }
  return [...by.values()]
    .map((k) => ({ ...k, andelForsinket: k.rettidig + k.forsinket === 0 ? 0 : k.forsinket / (k.rettidig + k.forsinket) }))
    .sort((a, b) => b.forsinket + b.manglende - (a.forsinket + a.manglende) || a.kommunekode.localeCompare(b.kommunekode));
};

const COLUMNS = ['kommunekode', 'paragraf', 'rettidig', 'forsinket', 'foertidlig', 'afvist', 'manglende', 'andelForsinket'] as const;

const csvCell = (v: string | number): string => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** RFC 4180 CSV with a header line. */
export const complianceCsv = (rows: readonly ComplianceRow[]): string =>
  [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(c === 'andelForsinket' ? Number(r[c].toFixed(4)) : r[c])).join(','))].join('\n') + '\n';

/** A fixed-width text table for the terminal. */
export const complianceTable = (rows: readonly ComplianceRow[]): string => {
  const head = ['kommune', 'paragraf', 'rettidig', 'forsinket', 'førtidig', 'afvist', 'manglende', 'forsinket %'];
  const body = rows.map((r) => [r.kommunekode, r.paragraf, r.rettidig, r.forsinket, r.foertidlig, r.afvist, r.manglende, `${(r.andelForsinket * 100).toFixed(1)}`].map(String));
  return textTable(head, body);
};

/** Columns padded to their widest cell; numbers right-aligned. */
export const textTable = (head: readonly string[], body: ReadonlyArray<readonly string[]>): string => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const numeric = head.map((_, i) => body.length > 0 && body.every((r) => /^-?[\d.]+$|^-$/.test(r[i]!)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
};
