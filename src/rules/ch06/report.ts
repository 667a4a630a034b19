import type { Indberetningshoved } from '../dataomraade/index.ts';

export const KAPITEL6_HAENDELSESTYPER = ['OPFOELGNINGSSAMTALE'] as const;
export type Kapitel6Haendelsestype = (typeof KAPITEL6_HAENDELSESTYPER)[number];

/**
 * One chapter 6 report; mirrors `schemas/kapitel06-indberetning.avsc`. `haendelsesdato` is the
 * day the follow-up interview was held (§ 32 nr. 3).
 */
export interface Kapitel6Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel6Haendelsestype;
  readonly samtaleform: string;
  /** 1–3 (lov om sygedagpenge). */
  readonly visitationskategori: number;
  /** § 32 stk. 2, optional. */
  readonly aftaler: string | null;
  /** § 32 stk. 2, optional. */
  readonly vurderingAfBehovForIndsats: string | null;
}
