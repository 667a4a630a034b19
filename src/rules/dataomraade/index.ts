/**
 * What the data areas of chapters 2–10 (Afsnit II "Dataområder") share: the report envelope,
 * field checks, personkreds by kontaktgruppe, and verdict builders for the order's timing words
 * ("samme dag", "senest", "løbende").
 */
export type { Findings, Indberetningshoved } from './envelope.ts';
export {
  absorb,
  checkEnvelope,
  isIsoInstant,
  missing,
  noFindings,
  optionalDate,
  requireDate,
  requireInteger,
  requireOneOf,
  requireText,
} from './envelope.ts';
export type { KontaktgruppeFinding } from './personkreds.ts';
export { kontaktgruppeWithin } from './personkreds.ts';
export type { Virksomhed } from './virksomhed.ts';
export { checkVirksomhed } from './virksomhed.ts';
export {
  addDays,
  atTheLatest,
  compareDates,
  checkHeldBy,
  checkKendskabNotAfterReport,
  continuous,
  daysBetween,
  laterOf,
  outOfScope,
  registrationDay,
  rejected,
  rejectedFor,
  reportDay,
  sameDay,
} from './verdicts.ts';
export type { Jobplan } from './jobplan.ts';
export { checkJobplan, checkPeriodAndHours } from './jobplan.ts';
