import { addDays } from '../calendar/index.ts';
import type { Afstemningskontekst } from './context.ts';
import type { Afvigelse, Personregnskab } from './ledger.ts';
import { upTo } from './periods.ts';

/*
 * § 65. De i § 63 omhandlede data skal løbende registreres elektronisk i kommunens administrative
 * systemer, således at registreringerne er i overensstemmelse med bevillings- og
 * udbetalingsoplysningerne for de pågældende personer.
 *
 * An offer reported to the fund as ended (§ 62 stk. 1 nr. 2, its status § 63 stk. 3 nr. 2) is
 * no longer paid for: a wage subsidy (LOENTILSKUD) granted or paid for days after the reported
 * end date, beyond `efterslutDage`, disagrees with what the fund was told.
 */
export const tilbudAfsluttetBetalt = (r: Personregnskab, ctx: Afstemningskontekst): Afvigelse[] => {
  const found: Afvigelse[] = [];
  for (const post of Object.values(r.ydelser)) {
    if (post.ydelse !== 'LOENTILSKUD' || !post.tilbudId) continue;
    const offer = r.tilbud[post.tilbudId];
    if (!offer?.afsluttet) continue;
    const days = upTo(post, ctx.idag);
    const lastPaid = addDays(offer.slutdato, ctx.regler.efterslutDage);
    if (!days || days.til <= lastPaid) continue;
    const fra = days.fra > lastPaid ? days.fra : addDays(lastPaid, 1);
    found.push({
      afvigelseId: `tilbud-afsluttet-betalt:${ctx.personnoegle}:${post.kilde}:${post.id}`, regel: 'tilbud-afsluttet-betalt', paragraf: '§ 65', kapitel: 11,
      personnoegle: ctx.personnoegle, kommunekode: post.kommunekode, fradato: fra, tildato: days.til, kilde: `${post.kilde}:${post.id}`,
      beskrivelse: `LOENTILSKUD ${post.kilde === 'udbetaling' ? 'paid' : 'granted'} for ${fra}–${days.til}, after offer ${post.tilbudId} was reported to the fund as ended on ${offer.slutdato} (chapter 11).`,
    });
  }
  return found;
};
