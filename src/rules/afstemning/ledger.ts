import type { LocalDate } from '../verdict.ts';
import { dayBefore, type Periode } from './periods.ts';

export const YDELSER = ['DAGPENGE', 'KONTANTHJAELP', 'STARTHJAELP', 'INTRODUKTIONSYDELSE', 'SYGEDAGPENGE', 'REVALIDERINGSYDELSE', 'LEDIGHEDSYDELSE', 'FORANSTALTNING', 'LOENTILSKUD', 'HJAELPEMIDDEL'] as const;
/** What a grant or payment is for (`schemas/bevilling.avsc`, enum Ydelse). */
export type Ydelse = (typeof YDELSER)[number];

/** A kontaktgruppe period registered in chapter 2 (§ 7 stk. 5), with the reports that set its ends. */
export interface KontaktgruppePeriode extends Periode {
  readonly kontaktgruppe: number;
  readonly kommunekode: string;
  readonly startAf: string;
  readonly slutAf: string | null;
}

/** A measure reported in chapter 8 or 9 (§ 44 nr. 4–5, § 50 nr. 4–5). */
export interface RegistreretForanstaltning extends Periode {
  readonly kapitel: 8 | 9;
  readonly foranstaltningId: string;
  readonly kommunekode: string;
  readonly indberetningId: string;
}

/** A grant for an aid reported in chapter 10 (§ 55 stk. 2). */
export interface RegistreretHjaelpemiddel {
  readonly hjaelpemiddel: string;
  readonly godkendt: LocalDate;
  readonly kommunekode: string;
  readonly indberetningId: string;
}

/** An offer as chapter 11 last reported it (§ 62 stk. 2, § 63 stk. 3). */
export interface RegistreretTilbud {
  readonly tilbudId: string;
  readonly startdato: LocalDate;
  readonly slutdato: LocalDate;
  /** The offer was reported ended (an end report, or a status AFSLUTTET, AFBRUDT, ANNULLERET). */
  readonly afsluttet: boolean;
  readonly kommunekode: string;
}

/** A grant decision or a payment, as the payment system last sent it. */
export interface Ydelsespost extends Periode {
  readonly kilde: 'bevilling' | 'udbetaling';
  readonly id: string;
  readonly kommunekode: string;
  readonly ydelse: Ydelse;
  readonly foranstaltningId: string | null;
  readonly tilbudId: string | null;
  readonly hjaelpemiddel: string | null;
  /** A grant's decision day (§ 55 stk. 2 nr. 3 for an aid); a payment's pay day. */
  readonly dato: LocalDate;
}

/** An open discrepancy as the ledger remembers it: what was written, and since when. */
export interface AabenAfvigelse extends Afvigelse {
  readonly aabnet: number;
}

/** A discrepancy (`schemas/afvigelse.avsc`): the rule and paragraph, the person key, the municipality, the period, what disagrees. */
export interface Afvigelse {
  readonly afvigelseId: string;
  readonly regel: 'kontaktgruppe-ydelse' | 'foranstaltning-betalt' | 'hjaelpemiddel-betalt' | 'tilbud-afsluttet-betalt';
  readonly paragraf: string;
  readonly kapitel: number;
  readonly personnoegle: string;
  readonly kommunekode: string;
  readonly fradato: LocalDate;
  readonly tildato: LocalDate;
  /** `bevilling:<id>` or `udbetaling:<id>`. */
  readonly kilde: string;
  readonly beskrivelse: string;
}

/**
 * What reconciliation knows about one person: their registered periods, grants and payments, and
 * the discrepancies open now. Ids only, never a CPR number.
 */
export interface Personregnskab {
  readonly kontaktgrupper: readonly KontaktgruppePeriode[];
  readonly foranstaltninger: Readonly<Record<string, RegistreretForanstaltning>>;
  readonly hjaelpemidler: readonly RegistreretHjaelpemiddel[];
  readonly tilbud: Readonly<Record<string, RegistreretTilbud>>;
  /** By `bevilling:<id>` / `udbetaling:<id>`: a record sent again replaces the earlier one. */
  readonly ydelser: Readonly<Record<string, Ydelsespost>>;
  readonly afvigelser: Readonly<Record<string, AabenAfvigelse>>;
}

export const tomtRegnskab = (): Personregnskab => ({ kontaktgrupper: [], foranstaltninger: {}, hjaelpemidler: [], tilbud: {}, ydelser: {}, afvigelser: {} });

/** One fact reconciliation learns: an accepted registration (a report of a chapter), or a grant or payment. */
export type Afstemningsfakta =
  | { readonly kind: 'registrering'; readonly kapitel: number; readonly report: Record<string, unknown> }
  | { readonly kind: 'bevilling'; readonly record: Record<string, unknown> }
  | { readonly kind: 'udbetaling'; readonly record: Record<string, unknown> };

const ENDED = new Set(['AFSLUTTET', 'AFBRUDT', 'ANNULLERET']);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Drops what the report `rettelseAf` names registered, so that the correction takes its place. */
const withoutCorrected = (r: Personregnskab, corrected: string | null): Personregnskab => {
  if (!corrected) return r;
  return {
    ...r,
    kontaktgrupper: r.kontaktgrupper.filter((p) => p.startAf !== corrected).map((p) => (p.slutAf === corrected ? { ...p, til: null, slutAf: null } : p)),
    foranstaltninger: Object.fromEntries(Object.entries(r.foranstaltninger).filter(([, f]) => f.indberetningId !== corrected)),
    hjaelpemidler: r.hjaelpemidler.filter((h) => h.indberetningId !== corrected),
  };
};

/** Chapter 2: a group's start opens a period (ending an open period of another group the day before); its end closes it. */
const kontaktgruppe = (r: Personregnskab, report: Record<string, unknown>): Personregnskab => {
  const kg = report.kontaktgruppe as { kontaktgruppe: number; startdato: LocalDate; slutdato: LocalDate | null } | null;
  const id = String(report.indberetningId);
  const kommunekode = String(report.kommunekode);
  if (report.haendelsestype === 'KONTAKTGRUPPE_START' && kg) {
    const before = dayBefore(kg.startdato);
    const closed = r.kontaktgrupper.map((p) => (p.til === null && p.fra < kg.startdato ? { ...p, til: before, slutAf: id } : p));
    return { ...r, kontaktgrupper: [...closed, { kontaktgruppe: kg.kontaktgruppe, fra: kg.startdato, til: kg.slutdato, kommunekode, startAf: id, slutAf: kg.slutdato ? id : null }] };
  }
  if (report.haendelsestype === 'KONTAKTGRUPPE_SLUT') {
    const slut = kg?.slutdato ?? String(report.haendelsesdato);
    const group = kg?.kontaktgruppe;
    // The latest period of the group that began by the end date (an end reported again moves it).
    const candidates = r.kontaktgrupper.map((p, i) => [p, i] as const).filter(([p]) => p.fra <= slut && (group === undefined || p.kontaktgruppe === group));
    const latest = candidates.sort(([a], [b]) => (a.fra < b.fra ? 1 : -1))[0];
    if (!latest) return r;
    return { ...r, kontaktgrupper: r.kontaktgrupper.map((p, i) => (i === latest[1] ? { ...p, til: slut, slutAf: id } : p)) };
  }
  return r;
};

/** Chapters 8 and 9: a measure by its id (a report about an id already known replaces it). */
const foranstaltning = (r: Personregnskab, kapitel: 8 | 9, report: Record<string, unknown>): Personregnskab => {
  const f = report.foranstaltning as { foranstaltningId: string | null; startdato: LocalDate; slutdato: LocalDate } | null;
  if (report.haendelsestype !== 'FORANSTALTNING' || !f) return r;
  const foranstaltningId = f.foranstaltningId ?? String(report.indberetningId);
  return { ...r, foranstaltninger: { ...r.foranstaltninger, [foranstaltningId]: { kapitel, foranstaltningId, fra: f.startdato, til: f.slutdato, kommunekode: String(report.kommunekode), indberetningId: String(report.indberetningId) } } };
};

/** Chapter 11: an offer's latest dates and whether it was reported ended. */
const tilbud = (r: Personregnskab, report: Record<string, unknown>): Personregnskab => {
  const t = report.tilbud as { tilbudId?: string | null; aktuelStatus: string; startdato: LocalDate; slutdato: LocalDate } | null;
  if (!t?.tilbudId) return r;
  const afsluttet = report.haendelsestype === 'tilbud-slut' || ENDED.has(t.aktuelStatus);
  return { ...r, tilbud: { ...r.tilbud, [t.tilbudId]: { tilbudId: t.tilbudId, startdato: t.startdato, slutdato: t.slutdato, afsluttet, kommunekode: String(report.kommunekode) } } };
};

const ydelsespost = (kilde: 'bevilling' | 'udbetaling', rec: Record<string, unknown>): Ydelsespost => ({
  kilde, id: String(kilde === 'bevilling' ? rec.bevillingId : rec.udbetalingId), kommunekode: String(rec.kommunekode), ydelse: rec.ydelse as Ydelse,
  fra: String(rec.fradato), til: str(rec.tildato), foranstaltningId: str(rec.foranstaltningId), tilbudId: str(rec.tilbudId), hjaelpemiddel: str(rec.hjaelpemiddel),
  dato: String(kilde === 'bevilling' ? rec.afgoerelsesdato : rec.udbetalingsdato),
});

/**
 * The ledger after one fact (evolve): a registration adds or corrects a period, a grant or payment
 * is kept by its id (a record sent again replaces it; `annulleret` removes it). Pure.
 */
export const evolveRegnskab = (r: Personregnskab, fact: Afstemningsfakta): Personregnskab => {
  if (fact.kind !== 'registrering') {
    const post = ydelsespost(fact.kind, fact.record);
    const key = `${post.kilde}:${post.id}`;
    const { [key]: _, ...rest } = r.ydelser;
    return { ...r, ydelser: fact.record.annulleret === true ? rest : { ...rest, [key]: post } };
  }
  const { kapitel, report } = fact;
  const base = withoutCorrected(r, str(report.rettelseAf));
  switch (kapitel) {
    case 2: return kontaktgruppe(base, report);
    case 8: case 9: return foranstaltning(base, kapitel, report);
    case 10: return { ...base, hjaelpemidler: [...base.hjaelpemidler, { hjaelpemiddel: String(report.hjaelpemiddel), godkendt: String(report.haendelsesdato), kommunekode: String(report.kommunekode), indberetningId: String(report.indberetningId) }] };
    case 11: return tilbud(base, report);
    default: return base;
  }
};
