import { addDays } from '../calendar/index.ts';
import type { Afstemningskontekst } from './context.ts';
import type { Afvigelse, Personregnskab, Ydelse } from './ledger.ts';
import { dayCount, describeRuns, spanOf, uncovered, upTo } from './periods.ts';

/*
 * § 9. De i § 7, stk. 5 og § 8, stk. 5 og 6 omhandlede data skal løbende registreres elektronisk i
 * kommunens administrative systemer, således at registreringerne er i overensstemmelse med
 * bevillings- og udbetalingsoplysningerne for de pågældende personer.
 *
 * A maintenance benefit granted or paid for a day fits the kontaktgruppe the person is registered
 * in that day (§ 6: kontaktgruppe 1 are the insured unemployed on dagpenge …). Days a benefit
 * covers while the person is registered in no group that fits it disagree. The last
 * `registreringDage` days before today are not counted yet: the registration may trail the grant.
 */
export const kontaktgruppeYdelse = (r: Personregnskab, ctx: Afstemningskontekst): Afvigelse[] => {
  const found: Afvigelse[] = [];
  const last = addDays(ctx.idag, -ctx.regler.registreringDage);
  for (const post of Object.values(r.ydelser)) {
    const fits = ctx.regler.kontaktgrupperForYdelse[post.ydelse as Ydelse];
    if (!fits) continue;
    const days = upTo(post, last);
    if (!days) continue;
    const gaps = uncovered(days, r.kontaktgrupper.filter((p) => fits.includes(p.kontaktgruppe)));
    if (gaps.length === 0) continue;
    const span = spanOf(gaps);
    const registered = [...new Set(r.kontaktgrupper.filter((p) => p.fra <= span.til && (p.til === null || p.til >= span.fra)).map((p) => p.kontaktgruppe))].sort();
    const where = registered.length === 0 ? 'no kontaktgruppe' : `kontaktgruppe ${registered.join(', ')} only`;
    found.push({
      afvigelseId: `kontaktgruppe-ydelse:${ctx.personnoegle}:${post.kilde}:${post.id}`, regel: 'kontaktgruppe-ydelse', paragraf: '§ 9', kapitel: 2,
      personnoegle: ctx.personnoegle, kommunekode: post.kommunekode, fradato: span.fra, tildato: span.til, kilde: `${post.kilde}:${post.id}`,
      beskrivelse: `${post.ydelse} ${post.kilde === 'udbetaling' ? 'paid' : 'granted'} for ${describeRuns(gaps)} (${dayCount(gaps)} days), while the person is registered in ${where} on those days; ${post.ydelse} fits kontaktgruppe ${fits.join(' or ')}.`,
    });
  }
  return found;
};
