import type { Ydelse } from './ledger.ts';

/**
 * How much slack reconciliation allows before a disagreement is a discrepancy. Configuration:
 * `config/afstemning.json` (`HUB_AFSTEMNING_FILE`) overrides these defaults field by field.
 */
export interface Afstemningsregler {
  /**
   * Days a registration may trail the grant or payment it answers (a case worker registers the
   * contact group or the measure a few days after the grant was decided). Days within this many
   * days of today are not yet counted as unregistered. Default 7.
   */
  readonly registreringDage: number;
  /**
   * Days a payment may run past the end of the measure or offer it is for before it is a
   * discrepancy (a last payment settles the final days, or a wage subsidy is paid for the last
   * week in arrears). Default 0: a paid day after the reported end is a discrepancy.
   */
  readonly efterslutDage: number;
  /**
   * Days the approval date of an aid in a chapter 10 report may differ from the grant's decision
   * date (§ 55 stk. 2 nr. 3). Default 0.
   */
  readonly godkendelseDage: number;
  /**
   * Which kontaktgrupper (§ 6) fit a maintenance benefit: a benefit paid for a day on which the
   * person is registered in none of them disagrees (§ 9). Defaults: DAGPENGE 1 and 9
   * (dimittender), KONTANTHJAELP and STARTHJAELP 2, INTRODUKTIONSYDELSE 3, REVALIDERINGSYDELSE 4
   * and 5 (forrevalidering), SYGEDAGPENGE 6, LEDIGHEDSYDELSE 7 — following § 6's groups and
   * the persons of lov om en aktiv beskæftigelsesindsats § 2 they name; a municipality whose
   * reading differs sets its own.
   */
  readonly kontaktgrupperForYdelse: Readonly<Partial<Record<Ydelse, readonly number[]>>>;
}

export const DEFAULT_AFSTEMNINGSREGLER: Afstemningsregler = {
  registreringDage: 7,
  efterslutDage: 0,
  godkendelseDage: 0,
  kontaktgrupperForYdelse: {
    DAGPENGE: [1, 9], KONTANTHJAELP: [2], STARTHJAELP: [2], INTRODUKTIONSYDELSE: [3],
    REVALIDERINGSYDELSE: [4, 5], SYGEDAGPENGE: [6], LEDIGHEDSYDELSE: [7],
  },
};
