/** Chapter 3: match assessment and job interviews (§§ 12–18). */
export type { Kapitel3Haendelsestype, Kapitel3Indberetning } from './report.ts';
export { KAPITEL3_HAENDELSESTYPER } from './report.ts';
export { decideKapitel3, kapitel3RuleSet } from './rule-set.ts';
