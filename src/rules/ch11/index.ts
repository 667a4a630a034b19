/** Chapter 11 of BEK 1380/2010: reports from jobcentres to unemployment funds (§§ 59–67). */
export type { Haendelsestype, Kapitel11Indberetning, Loentilskud, Tilbud, TilbudStatus, Virksomhed } from './report.ts';
export { HAENDELSESTYPER, TILBUD_STATUSER } from './report.ts';
export type { CatalogueEntry, ExtraField, TimingParagraph } from './catalogue.ts';
export { KAPITEL11_CATALOGUE, catalogueEntry, isHaendelsestype } from './catalogue.ts';
export type { Outcome } from './outcome.ts';
export type { PersonkredsFinding } from './s60-personkreds.ts';
export { s60Personkreds } from './s60-personkreds.ts';
export { s61EventTiming } from './s61-event-timing.ts';
export { s62OfferChange, s62OfferEnd, s62OfferStart, s62OfferTiming } from './s62-offer-timing.ts';
export type { FieldFinding, RequiredFieldsResult } from './s63-required-fields.ts';
export { MAX_WEEKLY_HOURS, s63RequiredFields } from './s63-required-fields.ts';
export { decideKapitel11, kapitel11RuleSet } from './decide.ts';
