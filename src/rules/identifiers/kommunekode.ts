import { checked, type CheckResult } from './check-result.ts';
import { KOMMUNER_2007 } from './kommuner.ts';

/** The municipality's name for a valid kommunekode, else undefined. */
export const kommunenavn = (kode: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(KOMMUNER_2007, kode) ? KOMMUNER_2007[kode] : undefined;

/** Checks a kommunekode: three digits naming one of the 98 municipalities since 2007. */
export const checkKommunekode = (value: unknown, field = 'kommunekode'): CheckResult => {
  if (typeof value !== 'string' || !/^\d{3}$/.test(value)) {
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    return checked([{ code: 'kommunekode-format', field, message: `${field} must be exactly three digits, got ${shown}.` }]);
  }
  if (kommunenavn(value) === undefined) {
    return checked([
      { code: 'kommunekode-unknown', field, message: `${field} ${value} is not one of the 98 municipalities (kommuner) since 2007.` },
    ]);
  }
  return checked([]);
};
