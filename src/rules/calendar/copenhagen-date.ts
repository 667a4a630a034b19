import type { LocalDate } from '../verdict.ts';
import { formatLocalDate } from './local-date.ts';

/** The time zone every day in the order is counted in (never UTC dates: a day of the order is a Danish day). */
export const COPENHAGEN_TIME_ZONE = 'Europe/Copenhagen';

// One formatter for the process: building an Intl.DateTimeFormat is costly, using it is cheap.
// formatToParts with fixed calendar and digits keeps the result independent of the host locale.
const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: COPENHAGEN_TIME_ZONE,
  calendar: 'gregory',
  numberingSystem: 'latn',
  era: 'short',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/**
 * The Copenhagen calendar date of an instant (epoch milliseconds). Summer time is the tz
 * database's business: 2024-03-31T00:30Z is 01:30 CET on the 31st, 2024-10-26T22:30Z is
 * 00:30 CEST on the 27th.
 */
export const copenhagenDate = (epochMs: number): LocalDate => {
  if (!Number.isFinite(epochMs)) throw new RangeError(`Not an instant: ${epochMs}`);
  // Copenhagen's offset is a whole number of hours and it changes (and local midnight falls) only
  // on whole UTC hours, so every instant of one UTC hour has the same Copenhagen date: memoise by hour.
  const hour = Math.floor(epochMs / 3_600_000);
  const known = byUtcHour.get(hour);
  if (known !== undefined) return known;
  const date = formatDate(epochMs);
  if (byUtcHour.size >= 4096) byUtcHour.clear();
  byUtcHour.set(hour, date);
  return date;
};

const byUtcHour = new Map<number, LocalDate>();

const formatDate = (epochMs: number): LocalDate => {
  let year = 0;
  let month = 0;
  let day = 0;
  let beforeChrist = false;
  for (const part of formatter.formatToParts(epochMs)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'era') beforeChrist = part.value.startsWith('B');
  }
  if (beforeChrist) throw new RangeError(`Instant ${epochMs} is before year 1`);
  return formatLocalDate(year, month, day);
};
