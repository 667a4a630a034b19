import { InvalidArgumentError } from 'commander';

/**
 * A commander parser for a whole-number option: `--max x` or `--count -1` is refused with the
 * option's name (exit code 1 through commander), never passed on as NaN.
 */
export const wholeNumber = (name: string, min = 0, max = Number.MAX_SAFE_INTEGER) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`--${name} must be a whole number${max === Number.MAX_SAFE_INTEGER ? ` ≥ ${min}` : ` from ${min} to ${max}`}, not "${value}".`);
  }
  return n;
};

/** Exit codes of every `hub` command (README, "Exit codes"). */
export const EXIT = {
  /** Everything done, every input line taken. */
  ok: 0,
  /** The command failed: bad options, a service out of reach, an unexpected error. */
  failure: 1,
  /** The command ran, but some input was refused or unreadable (or there was none). */
  inputRefused: 2,
} as const;
