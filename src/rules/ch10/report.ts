import type { Indberetningshoved, Virksomhed } from '../dataomraade/index.ts';

export const KAPITEL10_HAENDELSESTYPER = ['TILSKUD_BEVILGET'] as const;
export type Kapitel10Haendelsestype = (typeof KAPITEL10_HAENDELSESTYPER)[number];
/** § 55 stk. 1 nr. 1–2. */
export const HJAELPEMIDLER = ['UNDERVISNINGSMATERIALE', 'ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER'] as const;

/**
 * One chapter 10 report, one aid per grant; mirrors `schemas/kapitel10-indberetning.avsc`.
 * `haendelsesdato` is the day the grant was approved (§ 55 stk. 2 nr. 3).
 */
export interface Kapitel10Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel10Haendelsestype;
  readonly hjaelpemiddel: (typeof HJAELPEMIDLER)[number];
  /** § 55 stk. 2 nr. 2: when the company receives the grant. */
  readonly tilskudsmodtager: Virksomhed | null;
}
