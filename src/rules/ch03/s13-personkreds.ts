import { kontaktgruppeWithin, type KontaktgruppeFinding } from '../dataomraade/index.ts';
import type { PersonState } from '../rule-set.ts';
import type { Kapitel3Haendelsestype } from './report.ts';

/**
 * § 13. Der skal foretages registrering og indberetning om følgende personkreds:
 *  1) Kontaktgruppe 1 … 2) Kontaktgruppe 2 … 3) Kontaktgruppe 4 … 4) Kontaktgruppe 5 … 5) Kontaktgruppe 7 …
 * Stk. 2. Hvis der foretages matchvurdering af personer i kontaktgruppe 3: …, skal der foretages
 * registrering og indberetning af oplysninger der vedrører jobsamtalen.
 *
 * So kontaktgruppe 3 is covered for job interviews only, not for § 15 events.
 */
export const s13Personkreds = (person: PersonState, type: Kapitel3Haendelsestype): KontaktgruppeFinding & { paragraph: string } =>
  type === 'JOBSAMTALE'
    ? { ...kontaktgruppeWithin(person, [1, 2, 3, 4, 5, 7], '§ 13 stk. 1-2'), paragraph: '§ 13' }
    : { ...kontaktgruppeWithin(person, [1, 2, 4, 5, 7], '§ 13 stk. 1'), paragraph: '§ 13 stk. 1' };
