/** Danish identifiers: CPR, CVR, P-nummer, kommunekode. Pure checks returning reasons as data. */
export type { CheckResult } from './check-result.ts';
export type { CprCheck } from './cpr.ts';
export { ageOn, checkCpr, cprCentury } from './cpr.ts';
export { checkCvr, checkPNummer } from './cvr.ts';
export { checkKommunekode, kommunenavn } from './kommunekode.ts';
export { KOMMUNER_2007 } from './kommuner.ts';
