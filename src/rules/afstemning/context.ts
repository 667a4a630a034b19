import type { LocalDate } from '../verdict.ts';
import type { Afstemningsregler } from './tolerances.ts';

/** What a reconciliation rule reads besides the person's ledger: whose it is, today (never the clock), the tolerances. */
export interface Afstemningskontekst {
  readonly personnoegle: string;
  /** Today, a Copenhagen date: the record's time, so that a replay finds the same. */
  readonly idag: LocalDate;
  readonly regler: Afstemningsregler;
}
