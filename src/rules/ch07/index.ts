/** Chapter 7: CV interviews and the CV's approval status (§§ 36–41). */
export type { Kapitel7Haendelsestype, Kapitel7Indberetning } from './report.ts';
export { CV_GODKENDELSESSTATUSER, KAPITEL7_HAENDELSESTYPER, KAPITEL7_YDELSER } from './report.ts';
export { decideKapitel7, kapitel7RuleSet } from './rule-set.ts';
