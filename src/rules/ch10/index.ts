/** Chapter 10: aids — teaching material, work tools (§§ 54–58). */
export type { Kapitel10Haendelsestype, Kapitel10Indberetning } from './report.ts';
export { HJAELPEMIDLER, KAPITEL10_HAENDELSESTYPER } from './report.ts';
export { decideKapitel10, kapitel10RuleSet } from './rule-set.ts';
