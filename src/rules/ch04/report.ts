import type { Indberetningshoved } from '../dataomraade/index.ts';
import type { LocalDate } from '../verdict.ts';

export const KAPITEL4_HAENDELSESTYPER = ['FRAVAER', 'FRITAGELSE', 'PERIODISK_FORHOLD', 'SENIORJOB'] as const;
export type Kapitel4Haendelsestype = (typeof KAPITEL4_HAENDELSESTYPER)[number];

/** One chapter 4 report; mirrors `schemas/kapitel04-indberetning.avsc`. */
export interface Kapitel4Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel4Haendelsestype;
  /** A Bilag 1 reason code (bilag1.ts); required except for SENIORJOB. */
  readonly aarsag: string | null;
  /** § 20 nr. 1–8; the hub's known group is used when null. */
  readonly kontaktgruppe: number | null;
  /** 1–3, where Bilag 1 depends on it. */
  readonly matchgruppe: number | null;
  /** § 20 nr. 9. */
  readonly seniorjob: boolean;
  readonly startdato: LocalDate;
  readonly slutdato: LocalDate | null;
  /** § 21 stk. 2: required for FRITAGELSE. */
  readonly godkendelsesdato: LocalDate | null;
}
