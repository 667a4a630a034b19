/** Chapter 9: employment measures for the non-insured (§§ 48–53). */
export type { Kapitel9Foranstaltning, Kapitel9Haendelsestype, Kapitel9Indberetning, Kapitel9Kursus, Kapitel9Virksomhedsrettet } from './report.ts';
export { KAPITEL9_FORANSTALTNINGSKATEGORIER, KAPITEL9_HAENDELSESTYPER, PERSONKREDS_PERSONLIG_ASSISTANCE } from './report.ts';
export { decideKapitel9, kapitel9RuleSet } from './rule-set.ts';
