import { checked, weightedSum, type CheckResult } from './check-result.ts';

const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

/**
 * Checks a CVR number (company id): eight digits, not starting with 0, whose weighted sum with
 * weights 2,7,6,5,4,3,2,1 is divisible by 11. Unlike CPR, a failed modulus 11 is an error:
 * every CVR number ever issued satisfies it.
 */
export const checkCvr = (value: unknown, field = 'cvr'): CheckResult => {
  if (typeof value !== 'string' || !/^\d{8}$/.test(value)) {
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    return checked([{ code: 'cvr-format', field, message: `${field} must be exactly eight digits, got ${shown}.` }]);
  }
  if (value.startsWith('0')) {
    return checked([{ code: 'cvr-leading-zero', field, message: `${field} ${value} starts with 0, which no CVR number does.` }]);
  }
  if (weightedSum(value, CVR_WEIGHTS) % 11 !== 0) {
    return checked([
      { code: 'cvr-modulus11', field, message: `${field} ${value} fails the CVR modulus 11 check; one of its digits is probably mistyped.` },
    ]);
  }
  return checked([]);
};

/**
 * Checks a P-nummer (production unit id): ten digits. No check digit is enforced: none is published for P-numbers.
 */
export const checkPNummer = (value: unknown, field = 'pNummer'): CheckResult => {
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) {
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    return checked([{ code: 'pnummer-format', field, message: `${field} must be exactly ten digits, got ${shown}.` }]);
  }
  return checked([]);
};
