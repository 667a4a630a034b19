import { addDays } from '../rules/calendar/index.ts';
import type { LocalDate, Reason, Verdict } from '../rules/verdict.ts';
import type { PersonState } from '../rules/rule-set.ts';

/** The recorded outcome of one processing of a report (the receipt's `udfald`). */
export type Udfald = 'LEVERET' | 'AFVIST' | 'UDEN_FOR_PERSONKREDS' | 'TILBAGEHOLDT' | 'AFVENTER_AKASSE' | 'DOEDT_BREV' | 'DUBLET';

/** Where a delivered report goes; the shell turns each into a produce call. */
export type Delivery =
  | { readonly to: 'fund'; readonly akasse: string }
  | { readonly to: 'datavarehus' };

export type Pending =
  | { readonly grund: 'TILBAGEHOLDT'; readonly releaseAt: number }
  | { readonly grund: 'AFVENTER_AKASSE'; readonly releaseAt: number; readonly forsoeg: number }
  | { readonly grund: 'KONTROL_AFSLUTNING'; readonly releaseAt: number; readonly fristdato: LocalDate };

/** What the shell must write for one report, decided without any I/O. */
export interface Plan {
  readonly udfald: Udfald;
  readonly deliveries: readonly Delivery[];
  readonly pending: readonly Pending[];
  readonly deadLetter?: { readonly kode: string; readonly aarsag: string };
  /** Extra reasons for the receipt beside the verdict's (e.g. why it waits). */
  readonly reasons: readonly Reason[];
}

export interface PlanInput {
  readonly kapitel: number;
  readonly haendelsestype: string;
  readonly verdict: Verdict;
  readonly person: PersonState;
  /** A report with this id was already delivered (a resend, a second release or a replay). */
  readonly alreadyDelivered: boolean;
  /** When the hub first received the report (epoch ms). */
  readonly firstReceivedAt: number;
  /** The moment of this processing (epoch ms). */
  readonly now: number;
  /** How many times it has already waited for the person's fund. */
  readonly forsoeg: number;
  /** Funds with a configured topic. */
  readonly knownFunds: ReadonlySet<string>;
  readonly routing: RoutingPolicy;
  /** For a delivered offer start or change: the offer's end date, to check later that its end is reported. */
  readonly tilbudSlutdato?: LocalDate;
}

export interface RoutingPolicy {
  /** How long a report may wait for its person's fund before it is dead-lettered with an alarm. Default 24 h. */
  readonly unroutableAlarmAfterMs: number;
  /** First wait before trying to route again; doubles per attempt up to `maxRetryDelayMs`. */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

const localHour = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

/** Milliseconds from epoch of 00:00 Copenhagen time on `date` (UTC+1 or UTC+2 that night). */
export const copenhagenMidnight = (date: LocalDate): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d, 0, 0, 0);
  // Local midnight is 23:00 UTC (winter) or 22:00 UTC (summer) the evening before.
  for (const offsetHours of [1, 2]) {
    const candidate = utcMidnight - offsetHours * 3_600_000;
    const local = localHour.format(new Date(candidate));
    if (local.startsWith(date) && local.endsWith('00')) return candidate;
  }
  return utcMidnight - 3_600_000;
};

const nextDayMidnight = (date: LocalDate): number => copenhagenMidnight(addDays(date, 1));

const CHAPTER_11 = 11;

/**
 * Turns a verdict into what must be written: deliveries, a hold, a wait for the fund, or a dead
 * letter. Chapter 11 reports go to the person's own fund and never to another's (§ 66 stk. 2).
 */
export const planOutcome = (input: PlanInput): Plan => {
  const { verdict } = input;
  if (input.alreadyDelivered) {
    return { udfald: 'DUBLET', deliveries: [], pending: [], reasons: [{ code: 'already-delivered', message: 'A report with this indberetningId was already delivered; it is not delivered again.' }] };
  }
  switch (verdict.kind) {
    case 'rejected':
      return { udfald: 'AFVIST', deliveries: [], pending: [], reasons: [] };
    case 'out-of-scope':
      return { udfald: 'UDEN_FOR_PERSONKREDS', deliveries: [], pending: [], reasons: [] };
    case 'premature':
      if (verdict.releaseOn) {
        return { udfald: 'TILBAGEHOLDT', deliveries: [], pending: [{ grund: 'TILBAGEHOLDT', releaseAt: copenhagenMidnight(verdict.releaseOn) }], reasons: [] };
      }
      return { udfald: 'AFVIST', deliveries: [], pending: [], reasons: [] };
    case 'on-time':
    case 'late':
      break;
  }
  if (input.kapitel !== CHAPTER_11) return { udfald: 'LEVERET', deliveries: [{ to: 'datavarehus' }], pending: [], reasons: [] };

  const akasse = input.person.akasse;
  if (akasse === undefined) {
    const waited = input.now - input.firstReceivedAt;
    if (waited >= input.routing.unroutableAlarmAfterMs) {
      return {
        udfald: 'DOEDT_BREV', deliveries: [], pending: [], reasons: [],
        deadLetter: { kode: 'UNKNOWN_FUND', aarsag: `the person's unemployment fund was still unknown ${Math.round(waited / 60_000)} minutes after the report arrived` },
      };
    }
    const delay = Math.min(input.routing.retryDelayMs * 2 ** input.forsoeg, input.routing.maxRetryDelayMs);
    return {
      udfald: 'AFVENTER_AKASSE', deliveries: [], reasons: [{ code: 'fund-unknown', message: 'The person\'s a-kasse is not known yet; the report waits and is routed as soon as membership is known.' }],
      pending: [{ grund: 'AFVENTER_AKASSE', releaseAt: input.now + delay, forsoeg: input.forsoeg + 1 }],
    };
  }
  if (!input.knownFunds.has(akasse)) {
    return { udfald: 'DOEDT_BREV', deliveries: [], pending: [], reasons: [], deadLetter: { kode: 'UNKNOWN_FUND', aarsag: `no topic is configured for a-kasse ${akasse}` } };
  }
  const pending: Pending[] = [];
  if (input.tilbudSlutdato && (input.haendelsestype === 'tilbud-start' || input.haendelsestype === 'tilbud-aendring')) {
    // Checked when the end date has passed: the day after it, at 00:00 Copenhagen time.
    pending.push({ grund: 'KONTROL_AFSLUTNING', releaseAt: nextDayMidnight(input.tilbudSlutdato), fristdato: input.tilbudSlutdato });
  }
  return { udfald: 'LEVERET', deliveries: [{ to: 'fund', akasse }, { to: 'datavarehus' }], pending, reasons: [] };
};
