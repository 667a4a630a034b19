// The benchmark's command line: each mode's options read, and each mistake refused with the option
// to fix before anything connects (a wrong number was once silently the default).
import { describe, expect, it } from 'vitest';
import { benchArgs, BenchUsageError } from '../../bench/args.ts';

describe('benchArgs', () => {
  it('reads each mode and its defaults', () => {
    expect(benchArgs([])).toEqual({ mode: 'full', quick: false });
    expect(benchArgs(['--quick'])).toEqual({ mode: 'full', quick: true });
    expect(benchArgs(['drain'])).toEqual({ mode: 'drain', count: 1_000_000 });
    expect(benchArgs(['drain', '--count', '300000'])).toEqual({ mode: 'drain', count: 300_000 });
    expect(benchArgs(['reconciliation'])).toEqual({ mode: 'reconciliation', count: 20_000 });
    expect(benchArgs(['national', '--quick'])).toEqual({ mode: 'national', quick: true });
    expect(benchArgs(['national', '--gc', 'parallel', '--reports', '20000', '--memberships', '833000', '--partitions', '1']))
      .toEqual({ mode: 'national', quick: false, gc: 'parallel', reports: 20_000, memberships: 833_000, partitions: 1 });
  });

  it.each([
    [['drain', '--count', 'many'], '--count must be a whole number above 0 (got many)'],
    [['drain', '--count', '0'], '--count must be a whole number above 0 (got 0)'],
    [['drain', '--count'], '--count must be a whole number above 0 (got nothing)'],
    [['reconciliation', '--count', '1.5'], '--count must be a whole number above 0 (got 1.5)'],
    [['national', '--reports', 'abc'], '--reports must be a whole number above 0 (got abc)'],
    [['national', '--partitions', '--quick'], '--partitions must be a whole number above 0 (got nothing)'],
    [['national', '--gc', 'fast'], '--gc must be single-threaded or parallel (got fast)'],
    [['national', '--gc'], '--gc must be single-threaded or parallel (got nothing)'],
    [['drain', 'national'], 'give one of drain, reconciliation, national (got drain and national)'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => benchArgs(argv)).toThrow(BenchUsageError);
    expect(() => benchArgs(argv)).toThrow(message);
  });
});
