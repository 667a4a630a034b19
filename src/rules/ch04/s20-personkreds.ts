import type { PersonState } from '../rule-set.ts';
import type { Reason } from '../verdict.ts';
import type { Bilag1Gruppe } from './bilag1.ts';
import type { Kapitel4Indberetning } from './report.ts';

/**
 * § 20. Der skal foretages registrering og indberetning om følgende personkreds:
 *  1)–8) Kontaktgruppe 1–8 … 9) Personer ansat i seniorjob.
 *
 * The group Bilag 1 is read for: SENIORJOB for a senior-job report or flag, otherwise the
 * report's kontaktgruppe, else the one the hub knows from chapter 2. Without a group the reason
 * cannot be checked against Bilag 1, so the report is refused.
 */
export const s20Gruppe = (r: Kapitel4Indberetning, person: PersonState): { gruppe: Bilag1Gruppe } | { reason: Reason } => {
  if (r.haendelsestype === 'SENIORJOB' || r.seniorjob === true) return { gruppe: 'SENIORJOB' };
  const kg = r.kontaktgruppe ?? person.kontaktgruppe;
  if (kg === undefined || kg === null) {
    return {
      reason: {
        code: 'missing-field',
        field: 'kontaktgruppe',
        message: 'kontaktgruppe is missing and none is known for the person; § 21 and Bilag 1 need the group to check the reason.',
      },
    };
  }
  if (!Number.isInteger(kg) || kg < 1 || kg > 8) {
    return {
      reason: {
        code: 'outside-personkreds',
        field: 'kontaktgruppe',
        message: `kontaktgruppe ${kg} is not one of § 20's kontaktgruppe 1–8.`,
      },
    };
  }
  return { gruppe: kg as Bilag1Gruppe };
};
