import { addDays } from '../calendar/index.ts';
import type { Afstemningskontekst } from './context.ts';
import type { Afvigelse, Personregnskab, RegistreretForanstaltning } from './ledger.ts';
import { dayCount, describeRuns, spanOf, uncovered, upTo } from './periods.ts';

/*
 * § 45. De i § 44 omhandlede data skal løbende registreres elektronisk i kommunens administrative
 * systemer, således at registreringerne er i overensstemmelse med bevillings- og
 * udbetalingsoplysningerne for de pågældende personer.
 * § 51. De i § 50 omhandlede data skal løbende registreres elektronisk i kommunens administrative
 * systemer, således at registreringerne er i overensstemmelse med bevillings- og
 * udbetalingsoplysningerne for de pågældende personer.
 *
 * A measure granted or paid for (FORANSTALTNING) is reported in chapter 8 (§ 44) or 9 (§ 50), and
 * the days paid for lie within the reported start and end date (§ 44 nr. 4–5, § 50 nr. 4–5). A
 * grant or payment younger than `registreringDage` is not judged yet (the report may trail it);
 * a payment may run `efterslutDage` past the reported end.
 */
export const foranstaltningBetalt = (r: Personregnskab, ctx: Afstemningskontekst): Afvigelse[] => {
  const found: Afvigelse[] = [];
  const measures = Object.values(r.foranstaltninger);
  for (const post of Object.values(r.ydelser)) {
    if (post.ydelse !== 'FORANSTALTNING' || post.fra > addDays(ctx.idag, -ctx.regler.registreringDage)) continue;
    const days = upTo(post, ctx.idag);
    if (!days) continue;
    const matching: RegistreretForanstaltning[] = post.foranstaltningId ? measures.filter((m) => m.foranstaltningId === post.foranstaltningId) : measures;
    const base = { regel: 'foranstaltning-betalt' as const, personnoegle: ctx.personnoegle, kommunekode: post.kommunekode, kilde: `${post.kilde}:${post.id}`, afvigelseId: `foranstaltning-betalt:${ctx.personnoegle}:${post.kilde}:${post.id}` };
    const what = `FORANSTALTNING ${post.kilde === 'udbetaling' ? 'paid' : 'granted'}${post.foranstaltningId ? ` for measure ${post.foranstaltningId}` : ''}`;
    if (matching.length === 0) {
      found.push({ ...base, paragraf: '§§ 45, 51', kapitel: 8, fradato: days.fra, tildato: days.til,
        beskrivelse: `${what} (${days.fra}–${days.til}), but ${post.foranstaltningId ? 'no measure with that id' : 'no measure'} is reported in chapter 8 or 9.` });
      continue;
    }
    const gaps = uncovered(days, matching.map((m) => ({ fra: m.fra, til: m.til === null ? null : addDays(m.til, ctx.regler.efterslutDage) })));
    if (gaps.length === 0) continue;
    const span = spanOf(gaps);
    const kapitel = matching[0]!.kapitel;
    found.push({ ...base, paragraf: kapitel === 8 ? '§ 45' : '§ 51', kapitel, fradato: span.fra, tildato: span.til,
      beskrivelse: `${what} for ${describeRuns(gaps)} (${dayCount(gaps)} days) outside the reported measure period${matching.length > 1 ? 's' : ''} ${matching.map((m) => `${m.fra}–${m.til ?? '…'}`).join(', ')} (chapter ${kapitel}).` });
  }
  return found;
};
