import type { LocalDate, Verdict } from './verdict.ts';

/** The data areas of the order, one per chapter 2–11. */
export type Kapitel = 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;

/**
 * What the rules may know about a person besides the report itself. The rules consumer keeps it
 * from the chapter 2 topic (kontaktgruppe) and the membership topic (a-kasse, fleksjob).
 */
export interface PersonState {
  /** § 6 kontaktgruppe 1–8, or undefined when no chapter 2 report has been seen. */
  readonly kontaktgruppe?: number;
  /** The person's unemployment fund (a-kasse) code, when known. */
  readonly akasse?: string;
  /** Member of an a-kasse employed in a flexi-job (§ 60 nr. 2). */
  readonly fleksjob?: boolean;
}

/** Everything a rule may read besides the report. Rules never read the clock themselves. */
export interface RuleContext {
  /** The moment the report counts as reported (epoch milliseconds): the inbound message's timestamp. */
  readonly now: number;
  readonly person: PersonState;
}

/**
 * The rules of one data area under one order, with the period they govern (§ 68). The engine
 * picks the set whose period holds the report's event date; a successor order is a new set in
 * new files, never an edit of an old one.
 */
export interface RuleSet<R> {
  /** e.g. `bek-1380-2010/kapitel-11`. */
  readonly id: string;
  readonly kapitel: Kapitel;
  /** First day (inclusive) the set governs, Copenhagen date. */
  readonly validFrom: LocalDate;
  /** Last day (inclusive) it governs; open-ended when absent. */
  readonly validTo?: LocalDate;
  /** The quoted source, e.g. `BEK nr. 1380 af 10/12/2010`. */
  readonly source: string;
  decide(report: R, context: RuleContext): Verdict;
}
