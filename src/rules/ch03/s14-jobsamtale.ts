import {
  addDays,
  compareDates,
  continuous,
  registrationDay,
  reportDay,
  requireInteger,
  requireText,
  type Findings,
} from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import type { Kapitel3Indberetning } from './report.ts';

/**
 * § 14. Ved alle jobsamtaler registreres og indberettes følgende oplysninger:
 *  1) Identifikationsoplysninger for personen. 2) Dato for samtalens afholdelse. 3) Samtaleformen.
 *  4) Aftalen mellem personen og jobcenteret om det fortsatte kontaktforløb.
 *  5) Resultatet af matchvurderingen i form af matchgruppen.
 * § 15 lists the same for first contact and match-group changes, with nr. 4 "Eventuelle aftaler".
 */
export const checkSamtaleFields = (r: Kapitel3Indberetning, f: Findings): void => {
  const p = r.haendelsestype === 'JOBSAMTALE' ? '§ 14' : '§ 15';
  requireText(f, r.samtaleform, 'samtaleform', `${p} nr. 3 requires the form of the interview`);
  if (r.haendelsestype === 'JOBSAMTALE') {
    requireText(f, r.aftale, 'aftale', '§ 14 nr. 4 requires the agreement on the further contact course');
  }
  requireInteger(f, r.matchgruppe, 'matchgruppe', 1, 3, `${p} nr. 5: the match group`);
};

/**
 * § 14 stk. 2. Jobsamtalen kan højest registreres og indberettes 7 dage tilbage i tid.
 * Matchgruppen gælder fra registreringsdatoen.
 *
 * An interview more than 7 days back cannot be registered at all, so it is rejected, not late.
 * The due date is the interview day plus 7.
 */
export const s14Stk2 = (r: Kapitel3Indberetning, ctx: RuleContext, f: Findings): Verdict => {
  const day = reportDay(ctx);
  const lastDay = addDays(r.haendelsesdato, 7);
  const registered = registrationDay(r.registreretTidspunkt);
  if (r.matchgruppeGaelderFra !== null && r.matchgruppeGaelderFra !== registered) {
    return {
      kind: 'rejected',
      paragraph: '§ 14 stk. 2',
      reasons: [{
        code: 'matchgruppe-not-from-registration',
        field: 'matchgruppeGaelderFra',
        message: `matchgruppeGaelderFra is ${r.matchgruppeGaelderFra}, but the match group applies from the registration day, ${registered}.`,
      }],
      warnings: f.warnings,
    };
  }
  if (compareDates(day, lastDay) > 0) {
    return {
      kind: 'rejected',
      paragraph: '§ 14 stk. 2',
      reasons: [{
        code: 'jobsamtale-older-than-7-days',
        field: 'haendelsesdato',
        message: `The job interview on ${r.haendelsesdato} was reported on ${day}; an interview can be registered at most 7 days back (until ${lastDay}).`,
      }],
      warnings: f.warnings,
    };
  }
  return { kind: 'on-time', paragraph: '§ 14 stk. 2', dueDate: lastDay, warnings: f.warnings };
};

/** § 16: § 15 data is registered "løbende"; no deadline of its own. */
export const s15 = (ctx: RuleContext, f: Findings): Verdict => continuous('§ 15', ctx, f);
