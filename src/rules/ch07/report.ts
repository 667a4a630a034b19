import type { Indberetningshoved } from '../dataomraade/index.ts';

export const KAPITEL7_HAENDELSESTYPER = ['CV_SAMTALE'] as const;
export type Kapitel7Haendelsestype = (typeof KAPITEL7_HAENDELSESTYPER)[number];
export const KAPITEL7_YDELSER = ['KONTANTHJAELP', 'STARTHJAELP', 'INTRODUKTIONSYDELSE'] as const;
export const CV_GODKENDELSESSTATUSER = ['GODKENDT', 'IKKE_GODKENDT'] as const;

/**
 * One chapter 7 report; mirrors `schemas/kapitel07-indberetning.avsc`. `haendelsesdato` is the
 * day the CV interview was held (§ 38 nr. 3).
 */
export interface Kapitel7Indberetning extends Indberetningshoved {
  readonly haendelsestype: Kapitel7Haendelsestype;
  readonly ydelse: (typeof KAPITEL7_YDELSER)[number];
  /** § 37: the benefit is received only because of unemployment. */
  readonly aleneLedighed: boolean;
  readonly godkendelsesstatus: (typeof CV_GODKENDELSESSTATUSER)[number];
  /** § 38 stk. 2, optional. */
  readonly aftaler: string | null;
}
