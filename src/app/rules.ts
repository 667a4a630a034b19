import type { Decide, KontaktgruppeChange, ShareWith } from '../consumers/rules-consumer.ts';
import type { PreSendCheck } from '../producers/report-publisher.ts';
import type { TopicNames } from '../config/topics.ts';
import { kontaktgruppeAfter } from '../rules/ch02/kontaktgruppe-state.ts';
import type { Kapitel2Indberetning } from '../rules/ch02/report.ts';
import { decideReport } from '../rules/engine.ts';
import { deliveriesFor } from '../rules/sharing/index.ts';
import type { Kapitel } from '../rules/rule-set.ts';

/** The verdict for any data area: the engine picks the rule set whose period holds the event date (§ 68). */
export const decide: Decide = (kapitel, report, context) => {
  if (!isKapitel(kapitel)) {
    return { kind: 'rejected', paragraph: '§ 68', reasons: [{ code: 'unknown-data-area', field: 'kapitel', message: `kapitel ${kapitel} is not a data area of the order` }], warnings: [] };
  }
  return decideReport(kapitel, report as never, context);
};

const isKapitel = (k: number): k is Kapitel => Number.isInteger(k) && k >= 2 && k <= 11;

export const kontaktgruppeChange: KontaktgruppeChange = (kapitel, report, verdict) =>
  kapitel === 2 ? kontaktgruppeAfter(report as unknown as Kapitel2Indberetning, verdict) : undefined;

/**
 * The minimised copies for other authorities (§§ 10, 17, 23, 29, 46, 52, 66): Danmarks Statistik
 * per chapter, the education ministry for the under-18s (§ 52 stk. 4). The warehouse copy is
 * written by the rules consumer itself.
 */
export const shareWith = (topics: TopicNames): ShareWith => (kapitel, report, verdict) => {
  if (!isKapitel(kapitel)) return [];
  return deliveriesFor(kapitel, report as never, verdict).flatMap((d): Array<{ topic: string; value: object }> => {
    if (d.modtager === 'danmarks-statistik') return [{ topic: topics.danmarksStatistik(kapitel), value: d.payload }];
    if (d.modtager === 'uvm') return [{ topic: topics.uvm, value: d.payload }];
    return [];
  });
};

/**
 * The SDK's check before sending: only what makes a report unacceptable whatever the moment and
 * the person (missing or malformed fields). Timing and personkreds are decided by the hub.
 */
export const preSendCheck: PreSendCheck = (kapitel, report) => {
  const verdict = decide(kapitel, report, { now: Date.parse(String(report.registreretTidspunkt)) || 0, person: { kontaktgruppe: 1, akasse: 'any', fleksjob: false } });
  return verdict.kind === 'rejected' && verdict.reasons.some((r) => FIELD_CODES.test(r.code)) ? verdict.reasons.filter((r) => FIELD_CODES.test(r.code)) : [];
};

/** Reason codes that speak of a field's presence or form, not of timing. */
const FIELD_CODES = /missing|format|invalid|wrong|unknown|modulus|cpr|cvr|kommunekode|p-nummer|pnummer|type|empty|blank|range|status/i;
