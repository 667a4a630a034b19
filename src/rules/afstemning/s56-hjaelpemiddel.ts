import { addDays, daysBetween } from '../calendar/index.ts';
import type { Afstemningskontekst } from './context.ts';
import type { Afvigelse, Personregnskab } from './ledger.ts';

/*
 * § 56. De i § 55 omhandlede data skal løbende registreres elektronisk i kommunens administrative
 * systemer, således at registreringerne er i overensstemmelse med kommunens udbetalingsoplysninger
 * om hjælpemidler.
 *
 * An aid paid for or granted (HJAELPEMIDDEL) has a chapter 10 report of the same aid from the
 * same municipality (§ 55 stk. 2); for a grant, the reported approval date is its decision date
 * (§ 55 stk. 2 nr. 3: dato for godkendelse af bevilling til tilskud), within `godkendelseDage`.
 * A grant or payment younger than `registreringDage` is not judged yet.
 */
export const hjaelpemiddelBetalt = (r: Personregnskab, ctx: Afstemningskontekst): Afvigelse[] => {
  const found: Afvigelse[] = [];
  for (const post of Object.values(r.ydelser)) {
    if (post.ydelse !== 'HJAELPEMIDDEL' || !post.hjaelpemiddel || post.dato > addDays(ctx.idag, -ctx.regler.registreringDage)) continue;
    const reported = r.hjaelpemidler.filter((h) => h.hjaelpemiddel === post.hjaelpemiddel && h.kommunekode === post.kommunekode);
    const fits = post.kilde === 'bevilling'
      ? reported.some((h) => Math.abs(daysBetween(h.godkendt, post.dato)) <= ctx.regler.godkendelseDage)
      : reported.some((h) => h.godkendt <= (post.til ?? post.fra));
    if (fits) continue;
    const dates = reported.map((h) => h.godkendt).sort();
    const beskrivelse = post.kilde === 'bevilling'
      ? `${post.hjaelpemiddel} granted on ${post.dato}, but ${dates.length === 0 ? 'no grant for this aid is reported in chapter 10' : `chapter 10 reports its approval on ${dates.join(', ')}`}.`
      : `${post.hjaelpemiddel} paid on ${post.dato} for ${post.fra}–${post.til ?? post.fra}, but ${dates.length === 0 ? 'no grant for this aid is reported in chapter 10' : `the reported grants were approved only after it (${dates.join(', ')})`}.`;
    found.push({
      afvigelseId: `hjaelpemiddel-betalt:${ctx.personnoegle}:${post.kilde}:${post.id}`, regel: 'hjaelpemiddel-betalt', paragraf: '§ 56', kapitel: 10,
      personnoegle: ctx.personnoegle, kommunekode: post.kommunekode, fradato: post.fra, tildato: post.til ?? post.fra, kilde: `${post.kilde}:${post.id}`, beskrivelse,
    });
  }
  return found;
};
