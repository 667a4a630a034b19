import type { LocalDate } from '../verdict.ts';

/**
 * The chapter 11 event types the hub knows. The catalogue (`catalogue.ts`) says for each which
 * paragraph governs its timing, which extra fields § 63 stk. 2–3 require, and whether a-kasse
 * members in a flexi-job are covered (§ 60 stk. 2).
 */
export const HAENDELSESTYPER = [
  'udeblivelse-samtale',
  'udeblivelse-tilbud',
  'afvisning-tilbud',
  'afvisning-jobplan',
  'afvisning-henvist-arbejde',
  'ophoer-tilbud',
  'loentilskud-ansaettelse',
  'tilbud-start',
  'tilbud-slut',
  'tilbud-aendring',
] as const;

export type Haendelsestype = (typeof HAENDELSESTYPER)[number];

/** An offer's current status (§ 62 stk. 2, § 63 stk. 3 nr. 2). */
export const TILBUD_STATUSER = ['PLANLAGT', 'AKTIV', 'AFSLUTTET', 'AFBRUDT', 'ANNULLERET'] as const;
export type TilbudStatus = (typeof TILBUD_STATUSER)[number];

/** A company: CVR number, and the production unit (P-nummer) where known. */
export interface Virksomhed {
  readonly cvr: string;
  readonly pNummer?: string | null;
}

/** § 63 stk. 3: what every offer (§ 62) report carries besides stk. 1. */
export interface Tilbud {
  /** The case system's id of the offer, tying its start, changes and end together (optional). */
  readonly tilbudId?: string | null;
  readonly virksomhed: Virksomhed;
  readonly aktuelStatus: TilbudStatus;
  readonly startdato: LocalDate;
  readonly slutdato: LocalDate;
  /** Average weekly hours for the activity. */
  readonly gennemsnitligUgentligTimetal: number;
  /**
   * The day the offer was given (§ 62 stk. 1 nr. 1: a start is reported at the earliest that day).
   * Required on `tilbud-start` only; an end or change may leave it null.
   */
  readonly afgivelsesdato: LocalDate | null;
}

/** § 63 stk. 2: wage-subsidy employment also names the company and the job. */
export interface Loentilskud {
  readonly virksomhed: Virksomhed;
  readonly job: string;
}

/**
 * One chapter 11 report (indberetning), as a case system sends it. Mirrors
 * `schemas/kapitel11-indberetning.avsc`; `null` where the schema's field is optional.
 */
export interface Kapitel11Indberetning {
  /** The report's own id, chosen by the sender (UUID); receipts and deduplication use it. */
  readonly indberetningId: string;
  /** The reporting case system's id (its connection agreement). */
  readonly kildesystem: string;
  /** The reporting municipality (§ 63 stk. 1 nr. 2), three digits. */
  readonly kommunekode: string;
  /** The person (§ 63 stk. 1 nr. 1), ten digits. */
  readonly cpr: string;
  readonly haendelsestype: Haendelsestype;
  /** The day the event happened (§ 63 stk. 1 nr. 3). */
  readonly haendelsesdato: LocalDate;
  /** The day the jobcentre learned of it, where that differs (§ 62 stk. 1 nr. 3–5). */
  readonly kendskabsdato: LocalDate | null;
  /** When the case worker registered it in the case system (ISO-8601 instant). */
  readonly registreretTidspunkt: string;
  /** § 63 stk. 1 nr. 5, optional. */
  readonly aarsag: string | null;
  /** § 63 stk. 1 nr. 6, optional free text. */
  readonly kommentar: string | null;
  readonly tilbud: Tilbud | null;
  readonly loentilskud: Loentilskud | null;
  /** The id of an earlier report this one corrects, if any. */
  readonly rettelseAf: string | null;
}
