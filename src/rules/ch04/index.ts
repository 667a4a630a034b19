/** Chapter 4: absence, exemptions and senior jobs (§§ 19–24, Bilag 1). */
export type { Bilag1Aarsag, Bilag1Art, Bilag1Gruppe } from './bilag1.ts';
export { BILAG1, bilag1Aarsag } from './bilag1.ts';
export type { Kapitel4Haendelsestype, Kapitel4Indberetning } from './report.ts';
export { KAPITEL4_HAENDELSESTYPER } from './report.ts';
export { decideKapitel4, kapitel4RuleSet } from './rule-set.ts';
