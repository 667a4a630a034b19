import type { Reason, Verdict } from '../verdict.ts';

/**
 * A verdict before warnings are attached: what a single rule returns. `decideKapitel11` adds
 * the warnings every verdict carries (e.g. a failed CPR modulus 11 check).
 */
export type Outcome = Verdict extends infer V ? (V extends Verdict ? Omit<V, 'warnings'> : never) : never;

export const withWarnings = (outcome: Outcome, warnings: readonly Reason[]): Verdict => ({ ...outcome, warnings }) as Verdict;
