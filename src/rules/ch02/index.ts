/** Chapter 2: kontaktgrupper, sign-up and sign-off as a job seeker (§§ 5–11). */
export type { Afmelding, Kapitel2Haendelsestype, Kapitel2Indberetning, Kontaktgruppe, Tilmelding } from './report.ts';
export { KAPITEL2_HAENDELSESTYPER } from './report.ts';
export { decideKapitel2, kapitel2RuleSet } from './rule-set.ts';
