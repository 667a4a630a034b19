// The benchmark's command line (`npm run bench -- [drain|reconciliation|national] [options]`),
// read before anything connects: a wrong option is said in one line with the option to fix, exit 2,
// not found out after the stack check or silently replaced by a default.

/** A mistake on the command line: main prints its message alone and exits 2. */
export class BenchUsageError extends Error {}

export const NATIONAL_GC = ['single-threaded', 'parallel'] as const;
export type NationalGc = (typeof NATIONAL_GC)[number];

export type BenchArgs =
  | { readonly mode: 'full'; readonly quick: boolean }
  | { readonly mode: 'drain'; readonly count: number }
  | { readonly mode: 'reconciliation'; readonly count: number }
  | {
    readonly mode: 'national'; readonly quick: boolean; readonly gc?: NationalGc;
    readonly memberships?: number; readonly reports?: number; readonly partitions?: number;
  };

const MODES = ['drain', 'reconciliation', 'national'] as const;

/** The value after `flag`, when the flag is given: `null` when nothing follows it. */
const valueOf = (argv: readonly string[], flag: string): string | null | undefined => {
  const i = argv.indexOf(flag);
  if (i === -1) return undefined;
  const v = argv[i + 1];
  return v === undefined || v.startsWith('--') ? null : v;
};

/** A whole number above 0 after `flag`, when the flag is given. */
const wholeNumber = (argv: readonly string[], flag: string): number | undefined => {
  const v = valueOf(argv, flag);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === null || !Number.isInteger(n) || n < 1) throw new BenchUsageError(`${flag} must be a whole number above 0 (got ${v ?? 'nothing'})`);
  return n;
};

export const benchArgs = (argv: readonly string[]): BenchArgs => {
  const modes = MODES.filter((m) => argv.includes(m));
  if (modes.length > 1) throw new BenchUsageError(`give one of ${MODES.join(', ')} (got ${modes.join(' and ')})`);
  const quick = argv.includes('--quick');
  switch (modes[0]) {
    case 'drain':
      return { mode: 'drain', count: wholeNumber(argv, '--count') ?? 1_000_000 };
    case 'reconciliation':
      return { mode: 'reconciliation', count: wholeNumber(argv, '--count') ?? 20_000 };
    case 'national': {
      const gc = valueOf(argv, '--gc');
      if (gc !== undefined && !(NATIONAL_GC as readonly (string | null)[]).includes(gc)) {
        throw new BenchUsageError(`--gc must be ${NATIONAL_GC.join(' or ')} (got ${gc ?? 'nothing'})`);
      }
      const sizes = { memberships: wholeNumber(argv, '--memberships'), reports: wholeNumber(argv, '--reports'), partitions: wholeNumber(argv, '--partitions') };
      return {
        mode: 'national', quick, ...(gc ? { gc: gc as NationalGc } : {}),
        ...Object.fromEntries(Object.entries(sizes).filter(([, v]) => v !== undefined)),
      };
    }
    default:
      return { mode: 'full', quick };
  }
};
