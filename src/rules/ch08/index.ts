/** Chapter 8: employment measures for the insured and the employed (§§ 42–47). */
export type { Kapitel8Foranstaltning, Kapitel8Haendelsestype, Kapitel8Indberetning, Kapitel8Kursus, Kapitel8Virksomhedsrettet } from './report.ts';
export { FORANSTALTNINGSKATEGORIER, KAPITEL8_HAENDELSESTYPER, KAPITEL8_PERSONKREDSE } from './report.ts';
export { decideKapitel8, kapitel8RuleSet } from './rule-set.ts';
