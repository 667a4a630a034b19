import type { Verdict } from '../verdict.ts';
import type { Kapitel2Indberetning } from './report.ts';

/**
 * What an accepted chapter 2 report does to the person's kontaktgruppe, which § 60 reads:
 * «Der skal foretages registrering og indberetning om følgende personkreds: 1) Kontaktgruppe 1 …»
 * A group's start sets it; its end clears it. Other chapter 2 events leave it as it is.
 */
export const kontaktgruppeAfter = (report: Kapitel2Indberetning, verdict: Verdict): { kontaktgruppe: number | null } | undefined => {
  if (verdict.kind !== 'on-time' && verdict.kind !== 'late') return undefined;
  if (report.haendelsestype === 'KONTAKTGRUPPE_START' && report.kontaktgruppe) return { kontaktgruppe: report.kontaktgruppe.kontaktgruppe };
  if (report.haendelsestype === 'KONTAKTGRUPPE_SLUT') return { kontaktgruppe: null };
  return undefined;
};
