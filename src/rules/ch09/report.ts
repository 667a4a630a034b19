import type { Indberetningshoved, Jobplan, Virksomhed } from '../dataomraade/index.ts';
import type { LocalDate } from '../verdict.ts';

export const KAPITEL9_HAENDELSESTYPER = ['FORANSTALTNING', 'JOBPLAN'] as const;
export type Kapitel9Haendelsestype = (typeof KAPITEL9_HAENDELSESTYPER)[number];
export const KAPITEL9_FORANSTALTNINGSKATEGORIER = ['VIRKSOMHEDSRETTET', 'KURSUS', 'ANDET'] as const;

/** § 49 nr. 5: personal assistance for the disabled; never shared beyond the warehouse (§ 52 stk. 3). */
export const PERSONKREDS_PERSONLIG_ASSISTANCE = 5;

/** § 50 nr. 13–17. */
export interface Kapitel9Virksomhedsrettet {
  readonly stedkode: string;
  readonly aktivitetsudbyder: Virksomhed | null;
  readonly arbejdsstedAdresse: string | null;
  readonly statsligInstitution: boolean;
  readonly ministeromraade: string | null;
  readonly stillingsbetegnelse: string;
}

/** § 50 nr. 18–19. */
export interface Kapitel9Kursus {
  readonly udbyder: Virksomhed;
  readonly holdId: string;
}

/** § 50 nr. 3–8 and the category-specific parts. */
export interface Kapitel9Foranstaltning {
  readonly foranstaltningId: string | null;
  readonly foranstaltningstype: string;
  readonly underkategori: string | null;
  readonly startdato: LocalDate;
  readonly slutdato: LocalDate;
  readonly gennemsnitligtUgentligtTimetal: number;
  /** SELVFORSOERGELSE when self-supporting. */
  readonly hovedydelse: string;
  readonly aabentTilbud: boolean;
  readonly kategori: (typeof KAPITEL9_FORANSTALTNINGSKATEGORIER)[number];
  readonly virksomhedsrettet: Kapitel9Virksomhedsrettet | null;
  readonly kursus: Kapitel9Kursus | null;
}

/** One chapter 9 report; mirrors `schemas/kapitel09-indberetning.avsc`. */
export interface Kapitel9Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel9Haendelsestype;
  /** § 49 nr. 1–6. */
  readonly personkreds: number;
  readonly foranstaltning: Kapitel9Foranstaltning | null;
  readonly jobplan: Jobplan | null;
}
