import { compareDates, isValidLocalDate } from './calendar/index.ts';
import { cprInIdentifiers } from './ch01/index.ts';
import type { Kapitel2Indberetning } from './ch02/index.ts';
import type { Kapitel3Indberetning } from './ch03/index.ts';
import type { Kapitel4Indberetning } from './ch04/index.ts';
import type { Kapitel5Indberetning } from './ch05/index.ts';
import type { Kapitel6Indberetning } from './ch06/index.ts';
import type { Kapitel7Indberetning } from './ch07/index.ts';
import type { Kapitel8Indberetning } from './ch08/index.ts';
import type { Kapitel9Indberetning } from './ch09/index.ts';
import type { Kapitel10Indberetning } from './ch10/index.ts';
import type { Kapitel11Indberetning } from './ch11/index.ts';
import type { Kapitel, RuleContext, RuleSet } from './rule-set.ts';
import { RULE_SETS } from './rule-sets.ts';
import type { LocalDate, Reason, Verdict } from './verdict.ts';

/** The report type of each chapter's data area. */
export interface ReportByKapitel {
  2: Kapitel2Indberetning;
  3: Kapitel3Indberetning;
  4: Kapitel4Indberetning;
  5: Kapitel5Indberetning;
  6: Kapitel6Indberetning;
  7: Kapitel7Indberetning;
  8: Kapitel8Indberetning;
  9: Kapitel9Indberetning;
  10: Kapitel10Indberetning;
  11: Kapitel11Indberetning;
}

export type RuleSetPick<R> = { readonly ok: true; readonly ruleSet: RuleSet<R> } | { readonly ok: false; readonly reason: Reason };

export interface RuleEngine {
  /**
   * The set for `kapitel` whose period (validFrom–validTo, inclusive) holds `haendelsesdato`.
   * Where periods overlap, the one that starts latest wins: a successor order's set takes over
   * from its `validFrom` without the old set needing a `validTo`.
   */
  pickRuleSet<K extends Kapitel>(kapitel: K, haendelsesdato: LocalDate): RuleSetPick<ReportByKapitel[K]>;
  /** Decides a report with the set its event date falls under; rejected (§ 68) when there is none. */
  decideReport<K extends Kapitel>(kapitel: K, report: ReportByKapitel[K], ctx: RuleContext): Verdict;
}

const holds = (set: RuleSet<unknown>, date: LocalDate): boolean =>
  compareDates(set.validFrom, date) <= 0 && (set.validTo === undefined || compareDates(date, set.validTo) <= 0);

/** An engine over a given list of rule sets (tests pass their own; the hub uses `RULE_SETS`). */
export const createRuleEngine = (ruleSets: readonly RuleSet<never>[]): RuleEngine => {
  const sets = ruleSets as readonly RuleSet<unknown>[];
  const pickRuleSet = <K extends Kapitel>(kapitel: K, haendelsesdato: LocalDate): RuleSetPick<ReportByKapitel[K]> => {
    if (!isValidLocalDate(haendelsesdato)) {
      return {
        ok: false,
        reason: { code: 'invalid-date', field: 'haendelsesdato', message: `haendelsesdato must be a real date written YYYY-MM-DD, got ${JSON.stringify(haendelsesdato)}; without it no rule set can be chosen.` },
      };
    }
    const candidates = sets
      .filter((s) => s.kapitel === kapitel && holds(s, haendelsesdato))
      .sort((a, b) => compareDates(b.validFrom, a.validFrom));
    const chosen = candidates[0];
    if (chosen === undefined) {
      const periods = sets.filter((s) => s.kapitel === kapitel).map((s) => `${s.validFrom}–${s.validTo ?? ''} (${s.id})`);
      return {
        ok: false,
        reason: {
          code: 'no-rule-set',
          field: 'haendelsesdato',
          message:
            periods.length === 0
              ? `No rules are known for kapitel ${kapitel}.`
              : `No rules for kapitel ${kapitel} govern events on ${haendelsesdato}; the known periods are ${periods.join(', ')}.`,
        },
      };
    }
    return { ok: true, ruleSet: chosen as RuleSet<ReportByKapitel[K]> };
  };
  return {
    pickRuleSet,
    decideReport: (kapitel, report, ctx) => {
      // Before any chapter's rules: an identifier carrying a CPR number is refused whatever else holds.
      const carried = cprInIdentifiers(report);
      if (carried.length > 0) return { kind: 'rejected', paragraph: '§ 1 stk. 2', reasons: carried, warnings: [] };
      const pick = pickRuleSet(kapitel, (report as { haendelsesdato: LocalDate }).haendelsesdato);
      if (!pick.ok) return { kind: 'rejected', paragraph: '§ 68', reasons: [pick.reason], warnings: [] };
      return pick.ruleSet.decide(report, ctx);
    },
  };
};

const defaultEngine = createRuleEngine(RULE_SETS);

/** `RuleEngine.pickRuleSet` over the hub's `RULE_SETS`. */
export const pickRuleSet = defaultEngine.pickRuleSet;
/** `RuleEngine.decideReport` over the hub's `RULE_SETS`. */
export const decideReport = defaultEngine.decideReport;
