import type { PersonState } from '../rule-set.ts';
import type { Paragraph, Reason } from '../verdict.ts';

/** Whether the person's kontaktgruppe puts them within a chapter's personkreds. */
export type KontaktgruppeFinding =
  | { readonly covered: true; readonly warning?: Reason }
  | { readonly covered: false; readonly reason: Reason };

/**
 * Checks the kontaktgruppe the hub knows (from chapter 2) against the groups a chapter lists.
 * An unknown group (no chapter 2 report seen yet, e.g. when topics arrive out of order) is
 * delivered with a warning: the duty and the knowledge lie with the jobcentre, and the warehouse
 * is the order's own recipient. A known group outside the list is out of scope.
 */
export const kontaktgruppeWithin = (
  person: PersonState,
  allowed: readonly number[],
  paragraph: Paragraph,
): KontaktgruppeFinding => {
  if (person.kontaktgruppe === undefined) {
    return {
      covered: true,
      warning: {
        code: 'kontaktgruppe-unknown',
        field: 'kontaktgruppe',
        message: `No kontaktgruppe is known for the person yet, so ${paragraph} (kontaktgruppe ${allowed.join(', ')}) could not be confirmed.`,
      },
    };
  }
  if (allowed.includes(person.kontaktgruppe)) return { covered: true };
  return {
    covered: false,
    reason: {
      code: 'outside-personkreds',
      field: 'kontaktgruppe',
      message: `The person is in kontaktgruppe ${person.kontaktgruppe}; ${paragraph} covers only kontaktgruppe ${allowed.join(', ')}.`,
    },
  };
};
