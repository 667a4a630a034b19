/**
 * A verdict is data: what the rules decided about one report, with the paragraph
 * that decided it, the due date where there is one, and reasons a case worker can read.
 * Dates are Copenhagen local dates as `YYYY-MM-DD` strings.
 */
export type LocalDate = string;

/** A reason a case worker can act on. `field` names the report field at fault, if any. */
export interface Reason {
  /** A stable machine code, e.g. `missing-field`, `before-offer-given`. */
  readonly code: string;
  /** One sentence in plain language, naming the field in the schema's (Danish) terms. */
  readonly message: string;
  readonly field?: string;
}

/** A paragraph reference in the order's own form: `§ 62 stk. 1 nr. 2`. */
export type Paragraph = string;

export type Verdict =
  /** Reported within the deadline. */
  | { readonly kind: 'on-time'; readonly paragraph: Paragraph; readonly dueDate: LocalDate; readonly warnings: readonly Reason[] }
  /** Reported after the deadline: still delivered, flagged as late. */
  | { readonly kind: 'late'; readonly paragraph: Paragraph; readonly dueDate: LocalDate; readonly daysLate: number; readonly reasons: readonly Reason[]; readonly warnings: readonly Reason[] }
  /**
   * Reported before it may be. With `releaseOn` the hub holds the report and releases it on that
   * day (§ 62 stk. 1 nr. 2: an offer's end is reported on its end date); without it the report is
   * refused as it stands.
   */
  | { readonly kind: 'premature'; readonly paragraph: Paragraph; readonly earliestDate: LocalDate; readonly releaseOn?: LocalDate; readonly reasons: readonly Reason[]; readonly warnings: readonly Reason[] }
  /** Cannot be accepted: required fields missing or malformed, or a value the law does not allow. */
  | { readonly kind: 'rejected'; readonly paragraph: Paragraph; readonly reasons: readonly Reason[]; readonly warnings: readonly Reason[] }
  /** The person is not in the chapter's personkreds for this event; nothing is delivered. */
  | { readonly kind: 'out-of-scope'; readonly paragraph: Paragraph; readonly reasons: readonly Reason[]; readonly warnings: readonly Reason[] };

export type VerdictKind = Verdict['kind'];

/** Verdicts whose report is delivered to its recipients (late ones flagged). */
export const isDeliverable = (v: Verdict): boolean => v.kind === 'on-time' || v.kind === 'late';
