import { checkCvr, checkPNummer } from '../identifiers/index.ts';
import { absorb, missing, type Findings } from './envelope.ts';

/** A company or production unit: CVR number, and the P-nummer where known. */
export interface Virksomhed {
  readonly cvr: string;
  readonly pNummer: string | null;
}

/** Checks a company's CVR (and P-nummer when given, or always when `pNummerRequired`). */
export const checkVirksomhed = (f: Findings, v: Virksomhed | null | undefined, field: string, why: string, pNummerRequired = false): void => {
  if (v === null || v === undefined) {
    f.errors.push(missing(field, why));
    return;
  }
  absorb(f, checkCvr(v.cvr, `${field}.cvr`));
  if (v.pNummer !== null && v.pNummer !== undefined) absorb(f, checkPNummer(v.pNummer, `${field}.pNummer`));
  else if (pNummerRequired) f.errors.push(missing(`${field}.pNummer`, why));
};
