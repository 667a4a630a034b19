import { addDays, toDayNumber, fromDayNumber } from '../calendar/index.ts';
import type { LocalDate } from '../verdict.ts';

/** A run of days, both ends included; `til: null` runs until further notice. */
export interface Periode {
  readonly fra: LocalDate;
  readonly til: LocalDate | null;
}

/** A closed run of days. */
export interface Dage {
  readonly fra: LocalDate;
  readonly til: LocalDate;
}

/** The period cut to end no later than `last` (an open grant counts up to today); undefined when nothing is left. */
export const upTo = (p: Periode, last: LocalDate): Dage | undefined => {
  const til = p.til === null || p.til > last ? last : p.til;
  return til < p.fra ? undefined : { fra: p.fra, til };
};

/** The days of `days` that none of `cover` covers, as runs in order. */
export const uncovered = (days: Dage, cover: readonly Periode[]): Dage[] => {
  const runs: Array<[number, number]> = cover
    .map((c) => [toDayNumber(c.fra), c.til === null ? Number.MAX_SAFE_INTEGER : toDayNumber(c.til)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const out: Dage[] = [];
  let from = toDayNumber(days.fra);
  const end = toDayNumber(days.til);
  for (const [a, b] of runs) {
    if (from > end) break;
    if (b < from) continue;
    if (a > from) out.push({ fra: fromDayNumber(from), til: fromDayNumber(Math.min(a - 1, end)) });
    from = Math.max(from, b + 1);
  }
  if (from <= end) out.push({ fra: fromDayNumber(from), til: fromDayNumber(end) });
  return out;
};

/** How many days the runs hold. */
export const dayCount = (runs: readonly Dage[]): number => runs.reduce((n, r) => n + toDayNumber(r.til) - toDayNumber(r.fra) + 1, 0);

/** The runs as one span, first day to last (what a discrepancy names as its period). */
export const spanOf = (runs: readonly Dage[]): Dage => ({ fra: runs[0]!.fra, til: runs[runs.length - 1]!.til });

/** Runs written for a case worker: `2011-03-15–2011-03-31, 2011-04-02`. */
export const describeRuns = (runs: readonly Dage[]): string => runs.map((r) => (r.fra === r.til ? r.fra : `${r.fra}–${r.til}`)).join(', ');

/** The day before. */
export const dayBefore = (date: LocalDate): LocalDate => addDays(date, -1);
