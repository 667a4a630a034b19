import type { Indberetningshoved } from '../dataomraade/index.ts';
import type { LocalDate } from '../verdict.ts';

export const KAPITEL3_HAENDELSESTYPER = ['JOBSAMTALE', 'FOERSTE_HENVENDELSE', 'MATCHGRUPPE_AENDRING'] as const;
export type Kapitel3Haendelsestype = (typeof KAPITEL3_HAENDELSESTYPER)[number];

/**
 * One chapter 3 report; mirrors `schemas/kapitel03-indberetning.avsc`. `haendelsesdato` is the
 * day the interview (or contact) was held (§ 14 nr. 2, § 15 nr. 2).
 */
export interface Kapitel3Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel3Haendelsestype;
  readonly samtaleform: string;
  /** § 14 nr. 4 (required for JOBSAMTALE) / § 15 nr. 4 (optional). */
  readonly aftale: string | null;
  /** § 14 nr. 5 / § 15 nr. 5: match group 1–3. */
  readonly matchgruppe: number;
  /** § 14 stk. 2: when given, must be the registration day. */
  readonly matchgruppeGaelderFra: LocalDate | null;
}
