/** Chapter 6: follow-up interviews with the sick-listed, visitation categories (§§ 31–35). */
export type { Kapitel6Haendelsestype, Kapitel6Indberetning } from './report.ts';
export { KAPITEL6_HAENDELSESTYPER } from './report.ts';
export { decideKapitel6, kapitel6RuleSet } from './rule-set.ts';
