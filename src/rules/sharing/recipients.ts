import { ageOn } from '../identifiers/index.ts';
import type { ReportByKapitel } from '../engine.ts';
import type { Kapitel9Indberetning } from '../ch09/index.ts';
import { PERSONKREDS_PERSONLIG_ASSISTANCE } from '../ch09/index.ts';
import type { Kapitel } from '../rule-set.ts';
import { isDeliverable, type LocalDate, type Verdict } from '../verdict.ts';
import { DANMARKS_STATISTIK_UDELADT, KAPITLER_MED_VIDEREGIVELSE, type Modtager } from './modtagere.ts';

/** § 52 stk. 4: what the education ministry receives about a measure for a person under 18. */
export interface UvmForanstaltning {
  readonly cpr: string;
  /** The measure (§ 50 nr. 3 foranstaltningstype). */
  readonly foranstaltning: string;
  readonly startdato: LocalDate;
  readonly slutdato: LocalDate;
}

/**
 * § 52 stk. 3. Data for personkredsen i § 49, stk. 1, nr. 5 i denne bekendtgørelse videregives ikke.
 */
const isPersonligAssistance = (r: Kapitel9Indberetning): boolean => r.personkreds === PERSONKREDS_PERSONLIG_ASSISTANCE;

/**
 * § 52 stk. 4. Data for personer under 18 år videregives til Undervisningsministeriets fælles
 * datagrundlag … Der videregives følgende informationer: Cpr.nr., foranstaltning samt start- og
 * slutdato for de enkelte foranstaltninger.
 *
 * The age is taken on the measure's start date, from the CPR number. Job plans carry no measure.
 */
const isUnder18AtStart = (r: Kapitel9Indberetning): boolean => {
  if (r.haendelsestype !== 'FORANSTALTNING' || r.foranstaltning === null) return false;
  const age = ageOn(r.cpr, r.foranstaltning.startdato);
  return age !== undefined && age < 18;
};

/**
 * Who receives an accepted report of `kapitel`. The warehouse always; Danmarks Statistik where
 * the chapter has a sharing clause; UVM for chapter 9 measures of persons under 18. Chapter 9
 * personal assistance (§ 49 nr. 5) goes to the warehouse only. A chapter 11 report also goes to
 * the person's a-kasse (§ 66 stk. 2), which the chapter 11 notification flow handles, not this.
 */
export const recipientsFor = <K extends Kapitel>(kapitel: K, report: ReportByKapitel[K]): Modtager[] => {
  const recipients: Modtager[] = ['datavarehus'];
  if (kapitel === 9 && isPersonligAssistance(report as Kapitel9Indberetning)) return recipients;
  if (KAPITLER_MED_VIDEREGIVELSE.includes(kapitel)) recipients.push('danmarks-statistik');
  if (kapitel === 9 && isUnder18AtStart(report as Kapitel9Indberetning)) recipients.push('uvm');
  return recipients;
};

/**
 * The payload `modtager` receives: the whole report for the warehouse, the report without the
 * chapter's left-out fields for Danmarks Statistik, only § 52 stk. 4's four fields for UVM.
 * Undefined when the recipient receives nothing of this report.
 */
export const payloadFor = <K extends Kapitel>(
  modtager: Modtager,
  kapitel: K,
  report: ReportByKapitel[K],
): Readonly<Record<string, unknown>> | undefined =>
  (recipientsFor(kapitel, report).includes(modtager) ? payloadOf(modtager, kapitel, report) : undefined);

/** Each chapter's fields Danmarks Statistik does not get, as a set (made once, asked per report). */
const leftOutFor = new Map(Object.entries(DANMARKS_STATISTIK_UDELADT).map(([k, fields]) => [Number(k), new Set<string>(fields ?? [])]));
const NOTHING_LEFT_OUT = new Set<string>();

/** The payload of a recipient the report is for (payloadFor without the check). */
const payloadOf = <K extends Kapitel>(modtager: Modtager, kapitel: K, report: ReportByKapitel[K]): Readonly<Record<string, unknown>> | undefined => {
  // The report is read-only from here on (encoded, never changed): the warehouse gets it as it is.
  const fields = report as unknown as Readonly<Record<string, unknown>>;
  if (modtager === 'datavarehus') return fields;
  if (modtager === 'danmarks-statistik') {
    const leftOut = leftOutFor.get(kapitel) ?? NOTHING_LEFT_OUT;
    const payload: Record<string, unknown> = {};
    for (const key of Object.keys(fields)) if (!leftOut.has(key)) payload[key] = fields[key];
    return payload;
  }
  const r = report as Kapitel9Indberetning;
  const m = r.foranstaltning;
  if (m === null) return undefined;
  const uvm: UvmForanstaltning = { cpr: r.cpr, foranstaltning: m.foranstaltningstype, startdato: m.startdato, slutdato: m.slutdato };
  return uvm as unknown as Readonly<Record<string, unknown>>;
};

/** One minimised payload for one recipient. */
export interface Delivery {
  readonly modtager: Modtager;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** What to deliver for a decided report: nothing unless the verdict is deliverable (on time or late). */
export const deliveriesFor = <K extends Kapitel>(kapitel: K, report: ReportByKapitel[K], verdict: Verdict): Delivery[] => {
  if (!isDeliverable(verdict)) return [];
  return recipientsFor(kapitel, report).flatMap((modtager) => {
    const payload = payloadOf(modtager, kapitel, report);
    return payload === undefined ? [] : [{ modtager, payload }];
  });
};
