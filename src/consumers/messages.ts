import type { Kapitel11Indberetning } from '../rules/ch11/report.ts';
import type { Reason, Verdict } from '../rules/verdict.ts';
import type { Udfald } from './plan.ts';
import type { AkasseNotifikation, Kvittering } from '../config/records.generated.ts';
import { isoInstant } from '../shared/logical-types.ts';

/** Fields every data area's report carries (the common envelope). */
export interface ReportEnvelope {
  readonly indberetningId: string;
  readonly kildesystem: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly haendelsesdato: string;
  readonly haendelsestype?: string;
}


const toAarsag = (r: Reason) => ({ kode: r.code, tekst: r.message, felt: r.field ?? null });

export const paragraphOf = (v: Verdict): string => v.paragraph;
export const dueDateOf = (v: Verdict): string | null => (v.kind === 'on-time' || v.kind === 'late' ? v.dueDate : v.kind === 'premature' ? v.earliestDate : null);
const reasonsOf = (v: Verdict): readonly Reason[] => (v.kind === 'on-time' ? [] : v.reasons);

/** The fund notification (schemas/akasse-notifikation.avsc) for a delivered chapter 11 report. */
export const notificationOf = (report: Kapitel11Indberetning, verdict: Verdict, akasse: string, receivedAt: number): AkasseNotifikation => ({
  notifikationId: `${report.indberetningId}:${akasse}`,
  indberetningId: report.indberetningId,
  akasse,
  cpr: report.cpr,
  kommunekode: report.kommunekode,
  haendelsestype: report.haendelsestype,
  haendelsesdato: report.haendelsesdato,
  kendskabsdato: report.kendskabsdato ?? null,
  aarsag: report.aarsag ?? null,
  kommentar: report.kommentar ?? null,
  tilbud: report.tilbud ? { ...report.tilbud, tilbudId: report.tilbud.tilbudId ?? null, virksomhed: { cvr: report.tilbud.virksomhed.cvr, pNummer: report.tilbud.virksomhed.pNummer ?? null } } : null,
  loentilskud: report.loentilskud ? { ...report.loentilskud, virksomhed: { cvr: report.loentilskud.virksomhed.cvr, pNummer: report.loentilskud.virksomhed.pNummer ?? null } } : null,
  rettidighed: verdict.kind === 'late' ? 'FORSINKET' : 'RETTIDIG',
  indberetningsart: report.rettelseAf ? 'RETTELSE' : 'NY',
  rettelseAf: report.rettelseAf ?? null,
  paragraf: verdict.paragraph,
  fristdato: dueDateOf(verdict) ?? report.haendelsesdato,
  modtagetTidspunkt: isoInstant(receivedAt),
});

/** The receipt (schemas/kvittering.avsc): verdict, reasons and where the report went; no CPR. */
export const receiptOf = (input: {
  report: ReportEnvelope; kapitel: number; verdict?: Verdict; udfald: Udfald; extraReasons?: readonly Reason[];
  recipients: readonly string[]; releaseOn?: string | null; receivedAt: number; processedAt: number;
}): Kvittering => ({
  indberetningId: input.report.indberetningId,
  kildesystem: input.report.kildesystem,
  kommunekode: input.report.kommunekode,
  kapitel: input.kapitel,
  haendelsestype: input.report.haendelsestype ?? '',
  udfald: input.udfald,
  vurdering: input.verdict?.kind ?? 'none',
  paragraf: input.verdict?.paragraph ?? null,
  fristdato: input.verdict ? dueDateOf(input.verdict) : null,
  frigivesDato: input.releaseOn ?? null,
  aarsager: [...(input.verdict ? reasonsOf(input.verdict) : []), ...(input.extraReasons ?? [])].map(toAarsag),
  advarsler: (input.verdict?.warnings ?? []).map(toAarsag),
  modtagere: [...input.recipients],
  modtagetTidspunkt: isoInstant(input.receivedAt),
  behandletTidspunkt: isoInstant(input.processedAt),
});

export const udfaldText: Record<Udfald, string> = {
  LEVERET: 'delivered',
  AFVIST: 'rejected',
  UDEN_FOR_PERSONKREDS: 'out of scope',
  TILBAGEHOLDT: 'held',
  AFVENTER_AKASSE: 'waiting for fund',
  DOEDT_BREV: 'dead-lettered',
  DUBLET: 'duplicate',
};
