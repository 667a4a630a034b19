import {
  atTheLatest,
  compareDates,
  laterOf,
  requireDate,
  requireInteger,
  sameDay,
  type Findings,
} from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import type { Kapitel2Indberetning } from './report.ts';

/**
 * § 7 stk. 5. Følgende oplysninger skal registreres og indberettes i forbindelse med kontaktgrupper:
 *  1) Identifikationsoplysninger for personen. 2) Dato for registrering. 3) Kontaktgruppen.
 *  4) Startdato for at personen er omfattet af kontaktgruppen.
 *  5) Slutdato, hvis en person ophører med at være omfattet af en kontaktgruppe.
 *
 * Nr. 1 is the envelope's cpr, nr. 2 the Copenhagen date of registreretTidspunkt. § 6 lists
 * kontaktgruppe 1–8 and, as nr. 9, dimittender, carried as 9.
 */
export const checkKontaktgruppeFields = (r: Kapitel2Indberetning, f: Findings): void => {
  const g = r.kontaktgruppe;
  if (g === null || g === undefined) {
    f.errors.push({ code: 'missing-field', field: 'kontaktgruppe', message: `kontaktgruppe is missing; § 7 stk. 5 requires it for ${r.haendelsestype}.` });
    return;
  }
  requireInteger(f, g.kontaktgruppe, 'kontaktgruppe.kontaktgruppe', 1, 9, '§ 6: kontaktgruppe 1–8, or 9 for dimittender');
  const start = requireDate(f, g.startdato, 'kontaktgruppe.startdato', '§ 7 stk. 5 nr. 4 requires the first day in the group');
  if (r.haendelsestype === 'KONTAKTGRUPPE_START' && start && g.startdato !== r.haendelsesdato) {
    f.errors.push({
      code: 'inconsistent-date',
      field: 'haendelsesdato',
      message: `haendelsesdato ${r.haendelsesdato} must be the day the person enters the group, kontaktgruppe.startdato ${g.startdato}.`,
    });
  }
  if (r.haendelsestype === 'KONTAKTGRUPPE_SLUT') {
    const end = requireDate(f, g.slutdato, 'kontaktgruppe.slutdato', '§ 7 stk. 5 nr. 5 requires the last day when the person leaves the group');
    if (end && g.slutdato !== r.haendelsesdato) {
      f.errors.push({
        code: 'inconsistent-date',
        field: 'haendelsesdato',
        message: `haendelsesdato ${r.haendelsesdato} must be the last day in the group, kontaktgruppe.slutdato ${g.slutdato}.`,
      });
    }
  } else if (g.slutdato !== null && g.slutdato !== undefined) {
    requireDate(f, g.slutdato, 'kontaktgruppe.slutdato', 'it must be a date when given');
  }
  if (start && typeof g.slutdato === 'string' && f.errors.length === 0 && compareDates(g.slutdato, g.startdato) < 0) {
    f.errors.push({ code: 'end-before-start', field: 'kontaktgruppe.slutdato', message: `kontaktgruppe.slutdato ${g.slutdato} lies before startdato ${g.startdato}.` });
  }
};

/**
 * § 7. Oplysninger om hvilken kontaktgruppe en person er omfattet af, skal registreres og
 * indberettes samme dag personen omfattes af kontaktgruppen.
 *
 * Reported before that day, the hub holds the report and releases it on the day itself.
 */
export const s07Stk1Start = (r: Kapitel2Indberetning, ctx: RuleContext, f: Findings): Verdict =>
  sameDay('§ 7 stk. 1', r.haendelsesdato, ctx, `The person's entry into kontaktgruppe ${r.kontaktgruppe?.kontaktgruppe}`, f, true);

/**
 * § 7 stk. 2. Når en person ikke længere modtager ydelse eller ikke længere er omfattet af en af
 * de i stk. 1 nævnte grupper registreres og indberettes dette senest på hændelsesdagen, det vil
 * sige den sidste dag personen modtager ydelsen eller er omfattet af en af de nævnte grupper.
 * Hvis hændelsen først kommer til kommunens kendskab efter hændelsesdatoen skal jobcenterets
 * registrering og indberetning finde sted på den dato kommunen får dette kendskab.
 */
export const s07Stk2Slut = (r: Kapitel2Indberetning, ctx: RuleContext, f: Findings): Verdict => {
  const learnedLater = r.kendskabsdato !== null && compareDates(r.kendskabsdato, r.haendelsesdato) > 0;
  if (learnedLater && r.kendskabsdato !== null) {
    // "på den dato kommunen får dette kendskab": the day of learning is the one day allowed.
    return sameDay('§ 7 stk. 2', laterOf(r.kendskabsdato, r.haendelsesdato), ctx, 'Leaving the kontaktgruppe, learned after the event', f, false);
  }
  return atTheLatest('§ 7 stk. 2', r.haendelsesdato, ctx, 'Leaving the kontaktgruppe', f);
};
