/** Chapter 1: web services — connection agreements (§ 1), closing access (§ 3), system-change notices (§ 4). */
export { admit, admitFromRegistrationPage, type Adgangsafgoerelse, type Tilslutningsaftale } from './s01-tilslutningsaftale.ts';
export { decideSystemaendring, NOTICE_WORKING_DAYS, type Systemaendring, type SystemaendringVerdict } from './s04-systemaendring.ts';
export { CPR_MARK, IDENTIFIER_FIELDS, carriesCpr, cprInIdentifiers, maskCprInIdentifiers } from './s01-identifikatorer.ts';
