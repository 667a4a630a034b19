import type { PersonState } from '../rule-set.ts';
import type { Paragraph, Reason } from '../verdict.ts';
import type { CatalogueEntry } from './catalogue.ts';

/** Whether § 60 puts the person within chapter 11 for this event, and by which paragraph. */
export type PersonkredsFinding =
  | { readonly covered: true; readonly paragraph: Paragraph }
  | { readonly covered: false; readonly paragraph: Paragraph; readonly reason: Reason };

/*
 * § 60. Der skal foretages registrering og indberetning om følgende personkreds:
 *  1) Kontaktgruppe 1: Personer omfattet af lov om en aktiv beskæftigelsesindsats § 2, nr. 1.
 *  2) Medlemmer af en arbejdsløshedskasse, der ansættes i et fleksjob, jf. dog stk. 2.
 * Stk. 2. For medlemmer af en arbejdsløshedskasse, der ansættes i et fleksjob, skal der alene
 * ske registrering og indberetning efter § 62.
 *
 * `PersonState.fleksjob` already means "a-kasse member employed in a flexi-job" (rule-set.ts), so
 * membership is not checked again here. An unknown kontaktgruppe (no chapter 2 report seen) is
 * not kontaktgruppe 1.
 */
export const s60Personkreds = (person: PersonState, entry: CatalogueEntry): PersonkredsFinding => {
  if (person.kontaktgruppe === 1) return { covered: true, paragraph: '§ 60 stk. 1 nr. 1' };
  const gruppe = person.kontaktgruppe === undefined ? 'unknown (no contact group report seen)' : String(person.kontaktgruppe);
  if (person.fleksjob === true) {
    if (entry.fleksjobCovered) return { covered: true, paragraph: '§ 60 stk. 1 nr. 2' };
    return {
      covered: false,
      paragraph: '§ 60 stk. 2',
      reason: {
        code: 'fleksjob-only-s62',
        field: 'kontaktgruppe',
        message:
          `kontaktgruppe is ${gruppe}, not 1, and the person is covered only as an a-kasse member in a fleksjob, ` +
          `for whom only § 62 offer events are reported; haendelsestype '${entry.haendelsestype}' is a ${entry.timing} event.`,
      },
    };
  }
  return {
    covered: false,
    paragraph: '§ 60 stk. 1',
    reason: {
      code: 'not-in-personkreds',
      field: 'kontaktgruppe',
      message: `kontaktgruppe is ${gruppe}, not 1, and the person is not an a-kasse member in a fleksjob, so chapter 11 does not cover them.`,
    },
  };
};
