import type { Indberetningshoved, Jobplan, Virksomhed } from '../dataomraade/index.ts';
import type { LocalDate } from '../verdict.ts';

export const KAPITEL8_HAENDELSESTYPER = ['FORANSTALTNING', 'JOBPLAN'] as const;
export type Kapitel8Haendelsestype = (typeof KAPITEL8_HAENDELSESTYPER)[number];
/** § 43 nr. 1–3. */
export const KAPITEL8_PERSONKREDSE = ['FORSIKRET_LEDIG', 'VOKSENELEV', 'BESKAEFTIGET'] as const;
export const FORANSTALTNINGSKATEGORIER = ['VIRKSOMHEDSRETTET', 'KURSUS', 'ANDET'] as const;

/** § 44 nr. 14–18. */
export interface Kapitel8Virksomhedsrettet {
  readonly jobordreId: string | null;
  readonly jobordretype: string;
  readonly aktivitetsudbyder: Virksomhed;
  readonly statsligInstitution: boolean;
  readonly ministeromraade: string | null;
  readonly stillingsbetegnelse: string;
}

/** § 44 nr. 19–21. */
export interface Kapitel8Kursus {
  readonly kursustype: string;
  readonly udbyder: Virksomhed;
  readonly holdId: string;
}

/** § 44 nr. 3–9 and the category-specific parts. */
export interface Kapitel8Foranstaltning {
  readonly ansvarligtJobcenter: string;
  readonly registrerendeJobcenter: string;
  readonly foranstaltningId: string;
  readonly startdato: LocalDate;
  readonly slutdato: LocalDate;
  readonly gennemsnitligtUgentligtTimetal: number;
  readonly aktiveringstype: string;
  readonly kategori: (typeof FORANSTALTNINGSKATEGORIER)[number];
  readonly virksomhedsrettet: Kapitel8Virksomhedsrettet | null;
  readonly kursus: Kapitel8Kursus | null;
}

/** One chapter 8 report; mirrors `schemas/kapitel08-indberetning.avsc`. */
export interface Kapitel8Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel8Haendelsestype;
  readonly personkreds: (typeof KAPITEL8_PERSONKREDSE)[number];
  readonly foranstaltning: Kapitel8Foranstaltning | null;
  readonly jobplan: Jobplan | null;
}
