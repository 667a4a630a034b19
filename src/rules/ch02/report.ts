import type { Indberetningshoved } from '../dataomraade/index.ts';
import type { LocalDate } from '../verdict.ts';

export const KAPITEL2_HAENDELSESTYPER = ['KONTAKTGRUPPE_START', 'KONTAKTGRUPPE_SLUT', 'TILMELDING', 'AFMELDING'] as const;
export type Kapitel2Haendelsestype = (typeof KAPITEL2_HAENDELSESTYPER)[number];

/** § 7 stk. 5: the group, 1–8, or 9 for dimittender (§ 6 nr. 9). */
export interface Kontaktgruppe {
  readonly kontaktgruppe: number;
  readonly startdato: LocalDate;
  readonly slutdato: LocalDate | null;
}

/** § 8 stk. 5. */
export interface Tilmelding {
  readonly tilmeldekategori: string;
  readonly startdato: LocalDate;
  /** Degree of unemployment in percent, 0–100. */
  readonly ledighedsgrad: number;
  readonly stillingsbetegnelser: readonly string[];
}

/** § 8 stk. 6. */
export interface Afmelding {
  readonly afmeldingsdato: LocalDate;
  readonly aarsag: string;
}

/** One chapter 2 report; mirrors `schemas/kapitel02-indberetning.avsc`. */
export interface Kapitel2Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel2Haendelsestype;
  readonly kontaktgruppe: Kontaktgruppe | null;
  readonly tilmelding: Tilmelding | null;
  readonly afmelding: Afmelding | null;
}
