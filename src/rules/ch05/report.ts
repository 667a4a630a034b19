import type { Indberetningshoved } from '../dataomraade/index.ts';
import type { LocalDate } from '../verdict.ts';

export const KAPITEL5_HAENDELSESTYPER = ['INDKALDELSE', 'AFLYSNING', 'FLYTNING', 'AENDRING'] as const;
export type Kapitel5Haendelsestype = (typeof KAPITEL5_HAENDELSESTYPER)[number];
export const BREVHAENDELSER = ['UDSKREVET', 'UDLEVERET', 'SENDT'] as const;
export const SAMTALETYPER = ['JOBSAMTALE', 'OPFOELGNINGSSAMTALE', 'CV_SAMTALE', 'ANDEN_INDIVIDUEL_SAMTALE', 'MOEDE_MED_MOEDEPLIGT'] as const;

/**
 * One chapter 5 report; mirrors `schemas/kapitel05-indberetning.avsc`. `haendelsesdato` is the
 * day the letter was printed, handed over or sent (§ 27 stk. 2–3).
 */
export interface Kapitel5Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel5Haendelsestype;
  readonly brevhaendelse: (typeof BREVHAENDELSER)[number];
  readonly samtaledato: LocalDate;
  /** HH:MM, Copenhagen local time. */
  readonly samtaleklokkeslaet: string;
  readonly samtaleform: string;
  readonly samtaletype: (typeof SAMTALETYPER)[number];
  readonly samtalested: string;
  readonly kontaktmuligheder: readonly string[];
  /** The summons a cancellation, move or change concerns. */
  readonly indkaldelseRef: string | null;
}
