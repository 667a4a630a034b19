import { kontaktgruppeWithin, type KontaktgruppeFinding } from '../dataomraade/index.ts';
import type { PersonState } from '../rule-set.ts';

/**
 * § 26. Der skal foretages registrering og indberetning om følgende personkreds:
 *  1) Kontaktgruppe 1 … 7) Kontaktgruppe 7 …
 * Kontaktgruppe 8 (tilmeldte uden ydelse) is not listed.
 */
export const s26Personkreds = (person: PersonState): KontaktgruppeFinding => kontaktgruppeWithin(person, [1, 2, 3, 4, 5, 6, 7], '§ 26');
