import type { Reason } from '../verdict.ts';

/**
 * What an identifier check found. `errors` make the value unusable; `warnings` are delivered
 * with the report (e.g. a CPR number that fails modulus 11, which can be valid since 2007).
 */
export interface CheckResult {
  readonly ok: boolean;
  readonly errors: readonly Reason[];
  readonly warnings: readonly Reason[];
}

export const checked = (errors: readonly Reason[], warnings: readonly Reason[] = []): CheckResult => ({
  ok: errors.length === 0,
  errors,
  warnings,
});

/** The weighted digit sum used by the CPR and CVR modulus 11 checks. */
export const weightedSum = (digits: string, weights: readonly number[]): number =>
  weights.reduce((sum, weight, i) => sum + weight * Number(digits[i]), 0);
