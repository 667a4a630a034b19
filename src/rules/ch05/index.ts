/** Chapter 5: summons to interviews and meetings (§§ 25–30). */
export type { Kapitel5Haendelsestype, Kapitel5Indberetning } from './report.ts';
export { BREVHAENDELSER, KAPITEL5_HAENDELSESTYPER, SAMTALETYPER } from './report.ts';
export { decideKapitel5, kapitel5RuleSet } from './rule-set.ts';
