import type { Kapitel } from '../rule-set.ts';

/**
 * Who may receive a report's data under the order:
 * - `datavarehus`: the authority's statistical data warehouse and the common data foundation
 *   (DFDG), which every chapter names as the user of the data (§§ 10, 17, 23, 29, 34, 40, 46, 52, 57, 66);
 * - `danmarks-statistik`: "Data på individniveau videregives til andre offentlige myndigheder
 *   herunder Danmarks Statistik" — only where the chapter says so;
 * - `uvm`: Undervisningsministeriets fælles datagrundlag, chapter 9 persons under 18 (§ 52 stk. 4).
 */
export type Modtager = 'datavarehus' | 'danmarks-statistik' | 'uvm';

/**
 * Chapters with a sharing clause (§ 10 stk. 2, § 17 stk. 2, § 23 stk. 2, § 29 stk. 2, § 46 stk. 2,
 * § 52 stk. 2, § 66 stk. 2). Chapters 6, 7 and 10 have none (§§ 34, 40, 57).
 */
export const KAPITLER_MED_VIDEREGIVELSE: readonly Kapitel[] = [2, 3, 4, 5, 8, 9, 11];

/**
 * Fields Danmarks Statistik does not receive (data minimisation): the sending case system and the
 * registration instant are operational, not statistical; free text and a person's contact details
 * may hold anything about the person. Everything else of the report is the "data på individniveau".
 */
export const DANMARKS_STATISTIK_UDELADT: Readonly<Partial<Record<Kapitel, readonly string[]>>> = {
  2: ['kildesystem', 'registreretTidspunkt'],
  3: ['kildesystem', 'registreretTidspunkt', 'aftale'],
  4: ['kildesystem', 'registreretTidspunkt'],
  5: ['kildesystem', 'registreretTidspunkt', 'kontaktmuligheder'],
  8: ['kildesystem', 'registreretTidspunkt'],
  9: ['kildesystem', 'registreretTidspunkt'],
  11: ['kildesystem', 'registreretTidspunkt', 'kommentar'],
};

/** § 52 stk. 4: the only fields the education ministry receives. */
export const UVM_FELTER = ['cpr', 'foranstaltning', 'startdato', 'slutdato'] as const;
