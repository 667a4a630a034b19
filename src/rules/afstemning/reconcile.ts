import type { Afstemningskontekst } from './context.ts';
import { evolveRegnskab, type AabenAfvigelse, type Afstemningsfakta, type Afvigelse, type Personregnskab } from './ledger.ts';
import { foranstaltningBetalt } from './s45-s51-foranstaltning.ts';
import { hjaelpemiddelBetalt } from './s56-hjaelpemiddel.ts';
import { kontaktgruppeYdelse } from './s09-kontaktgruppe-ydelse.ts';
import { tilbudAfsluttetBetalt } from './s65-tilbud-loentilskud.ts';

/** Every rule: each returns the discrepancies it finds in one person's ledger. */
export const AFSTEMNINGSREGLER = [kontaktgruppeYdelse, foranstaltningBetalt, hjaelpemiddelBetalt, tilbudAfsluttetBetalt] as const;

/** What disagrees in a person's ledger now. */
export const afvigelserI = (r: Personregnskab, ctx: Afstemningskontekst): Afvigelse[] => AFSTEMNINGSREGLER.flatMap((rule) => rule(r, ctx));

/** A discrepancy as written to the discrepancy topic: opened, changed (its period or text moved) or closed. */
export type Afvigelsesaendring =
  | { readonly status: 'AABEN'; readonly afvigelse: AabenAfvigelse }
  | { readonly status: 'LUKKET'; readonly afvigelse: AabenAfvigelse; readonly lukket: number };

export interface Afstemning {
  readonly regnskab: Personregnskab;
  readonly aendringer: readonly Afvigelsesaendring[];
}

const same = (a: Afvigelse, b: Afvigelse): boolean =>
  a.fradato === b.fradato && a.tildato === b.tildato && a.beskrivelse === b.beskrivelse && a.kommunekode === b.kommunekode && a.paragraf === b.paragraf;

/** The ledger `next` re-checked at `ctx.idag`: what opened, changed or closed against the discrepancies it holds open. */
const recheck = (r: Personregnskab, next: Personregnskab, ctx: Afstemningskontekst, at: number): Afstemning => {
  const found = afvigelserI(next, ctx);
  const aendringer: Afvigelsesaendring[] = [];
  const open: Record<string, AabenAfvigelse> = {};
  for (const a of found) {
    const before = next.afvigelser[a.afvigelseId];
    const kept: AabenAfvigelse = { ...a, aabnet: before?.aabnet ?? at };
    open[a.afvigelseId] = kept;
    if (!before || !same(before, a)) aendringer.push({ status: 'AABEN', afvigelse: kept });
  }
  for (const [id, before] of Object.entries(next.afvigelser)) {
    if (!(id in open)) aendringer.push({ status: 'LUKKET', afvigelse: before, lukket: at });
  }
  // Nothing learnt and nothing changed: the same ledger, so that the caller need not write it again.
  if (next === r && aendringer.length === 0) return { regnskab: r, aendringer };
  return { regnskab: { ...next, afvigelser: open }, aendringer };
};

/**
 * One fact in, the person re-checked (only this person, only their ledger): the ledger after the
 * fact, and the discrepancies that opened, changed or closed. A discrepancy no rule finds any more
 * — a later registration, grant or payment resolved it — is closed at `at` (epoch ms). A fact that
 * concerns no rule (a chapter 11 interview) and changes no discrepancy returns the very same ledger.
 */
export const afstem = (r: Personregnskab, fact: Afstemningsfakta, ctx: Afstemningskontekst, at: number): Afstemning =>
  recheck(r, evolveRegnskab(r, fact), ctx, at);

/**
 * The person re-checked with nothing learnt, on the day a tolerance ran out (`naesteKontrol`):
 * what time alone revealed opens at `at`; when a record resolved it meanwhile, nothing changes and
 * the very same ledger comes back.
 */
export const efterproev = (r: Personregnskab, ctx: Afstemningskontekst, at: number): Afstemning => recheck(r, r, ctx, at);
