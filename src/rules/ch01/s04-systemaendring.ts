import { addWorkingDays, isValidLocalDate, workingDaysBetween } from '../calendar/index.ts';
import type { LocalDate, Reason } from '../verdict.ts';

/** A municipality's notice of a planned change of its case systems (§ 4). */
export interface Systemaendring {
  readonly kommunekode: string;
  /** The day the changed or replaced system goes live (Copenhagen date). */
  readonly idriftsaettelse: LocalDate;
  /** The case system being changed or replaced. */
  readonly system: string;
  readonly beskrivelse: string;
}

/** Whether a notice came in time: a verdict as data, never an error. */
export type SystemaendringVerdict =
  | { readonly kind: 'on-time'; readonly paragraph: '§ 4'; readonly dueDate: LocalDate; readonly workingDaysBefore: number }
  | { readonly kind: 'late'; readonly paragraph: '§ 4'; readonly dueDate: LocalDate; readonly workingDaysBefore: number; readonly reasons: readonly Reason[] }
  | { readonly kind: 'rejected'; readonly paragraph: '§ 4'; readonly reasons: readonly Reason[] };

/** Working days the notice must precede go-live. */
export const NOTICE_WORKING_DAYS = 40;

/*
 * § 4. Ved ændringer eller udskiftning af kommunens administrative systemer, som kan have
 * systemmæssig betydning for datakvaliteten, skal der ske underretning til
 * Arbejdsmarkedsstyrelsen senest 40 arbejdsdage, inden ændringen idriftsættes.
 *
 * Read as: the notice must come on or before the 40th working day before go-live,
 * `addWorkingDays(goLive, -40)`. `notifiedOn` is the Copenhagen date the hub received the notice.
 */
export const decideSystemaendring = (notice: Systemaendring, notifiedOn: LocalDate): SystemaendringVerdict => {
  const reasons: Reason[] = [];
  if (!/^\d{3}$/.test(notice.kommunekode)) reasons.push({ code: 'kommunekode-format', field: 'kommunekode', message: 'kommunekode must be exactly three digits.' });
  if (!isValidLocalDate(notice.idriftsaettelse)) reasons.push({ code: 'date-format', field: 'idriftsaettelse', message: 'idriftsaettelse must be a date YYYY-MM-DD.' });
  if (!notice.system.trim()) reasons.push({ code: 'missing-field', field: 'system', message: 'system must name the case system being changed.' });
  if (!notice.beskrivelse.trim()) reasons.push({ code: 'missing-field', field: 'beskrivelse', message: 'beskrivelse must say what changes.' });
  if (reasons.length > 0) return { kind: 'rejected', paragraph: '§ 4', reasons };
  const dueDate = addWorkingDays(notice.idriftsaettelse, -NOTICE_WORKING_DAYS);
  // Working days from the notice day (counted) up to go-live (not counted): 40 on the last day.
  const workingDaysBefore = notifiedOn < notice.idriftsaettelse ? -workingDaysBetween(notice.idriftsaettelse, notifiedOn) : 0;
  if (notifiedOn <= dueDate) return { kind: 'on-time', paragraph: '§ 4', dueDate, workingDaysBefore };
  return {
    kind: 'late', paragraph: '§ 4', dueDate, workingDaysBefore,
    reasons: [{ code: 'notice-late', field: 'idriftsaettelse', message: `§ 4 asks for notice at least ${NOTICE_WORKING_DAYS} working days before go-live on ${notice.idriftsaettelse}: the last day was ${dueDate}; this notice leaves ${workingDaysBefore} working days.` }],
  };
};
