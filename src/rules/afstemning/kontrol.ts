import { addDays } from '../calendar/index.ts';
import type { LocalDate } from '../verdict.ts';
import type { Afstemningskontekst } from './context.ts';
import type { Personregnskab, Ydelsespost } from './ledger.ts';
import { afvigelserI } from './reconcile.ts';
import { uncovered } from './periods.ts';

/** Far enough to stand for "until further notice" when looking for a benefit's first unregistered day. */
const OPEN_END: LocalDate = '9999-12-31';

/** The first day from `fra` on that none of `cover` covers, within the post's period. */
const firstGap = (post: Ydelsespost, fra: LocalDate, cover: Parameters<typeof uncovered>[1]): LocalDate | undefined => {
  const start = post.fra > fra ? post.fra : fra;
  const til = post.til ?? OPEN_END;
  return start > til ? undefined : uncovered({ fra: start, til }, cover)[0]?.fra;
};

/**
 * The days on which a tolerance about this grant or payment runs out, as each rule reads it: the
 * day its first unregistered day of a benefit is counted (`registreringDage` after it), the day a
 * measure or aid is first judged, the first paid day past a measure's or ended offer's end (with
 * `efterslutDage`). Candidates only: `naesteKontrol` keeps the first on which a rule finds more.
 */
const toleranceDays = (post: Ydelsespost, r: Personregnskab, ctx: Afstemningskontekst): LocalDate[] => {
  const { registreringDage, efterslutDage, kontaktgrupperForYdelse } = ctx.regler;
  const fits = kontaktgrupperForYdelse[post.ydelse];
  if (fits) {
    const counted = addDays(ctx.idag, -registreringDage);
    const gap = firstGap(post, addDays(counted, 1), r.kontaktgrupper.filter((p) => fits.includes(p.kontaktgruppe)));
    return gap ? [addDays(gap, registreringDage)] : [];
  }
  switch (post.ydelse) {
    case 'FORANSTALTNING': {
      const measures = Object.values(r.foranstaltninger).filter((m) => !post.foranstaltningId || m.foranstaltningId === post.foranstaltningId);
      const gap = firstGap(post, addDays(ctx.idag, 1), measures.map((m) => ({ fra: m.fra, til: m.til === null ? null : addDays(m.til, efterslutDage) })));
      return [addDays(post.fra, registreringDage), ...(gap ? [gap] : [])];
    }
    case 'HJAELPEMIDDEL':
      return [addDays(post.dato, registreringDage)];
    case 'LOENTILSKUD': {
      const offer = post.tilbudId ? r.tilbud[post.tilbudId] : undefined;
      if (!offer?.afsluttet) return [];
      const firstLate = addDays(offer.slutdato, efterslutDage + 1);
      return [firstLate > post.fra ? firstLate : post.fra];
    }
    default:
      return [];
  }
};

/**
 * The next day (after `ctx.idag`) on which re-checking this person, with nothing else learnt,
 * opens a discrepancy that is not open today: what a rule finds only once a tolerance has run out
 * (a benefit paid whose kontaktgruppe is never registered within `registreringDage`, a measure
 * that is never reported). The re-check runs at the start of that Copenhagen day. `undefined`
 * when time alone will reveal nothing. Pure: the ledger and today in, a day out.
 */
export const naesteKontrol = (r: Personregnskab, ctx: Afstemningskontekst): LocalDate | undefined => {
  const open = new Set(afvigelserI(r, ctx).map((a) => a.afvigelseId));
  const days = [...new Set(Object.values(r.ydelser).flatMap((post) => toleranceDays(post, r, ctx)))].filter((d) => d > ctx.idag).sort();
  return days.find((idag) => afvigelserI(r, { ...ctx, idag }).some((a) => !open.has(a.afvigelseId)));
};
