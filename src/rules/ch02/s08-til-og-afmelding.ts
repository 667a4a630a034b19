import {
  addDays,
  compareDates,
  continuous,
  registrationDay,
  requireDate,
  requireText,
  rejectedFor,
  type Findings,
} from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import type { Kapitel2Indberetning } from './report.ts';

/**
 * § 8 stk. 5. Følgende oplysninger skal registreres og indberettes i forbindelse med tilmelding:
 *  1) Identifikationsoplysninger for personen. 2) Dato for registrering. 3) Tilmeldekategorien.
 *  4) Startdato for tilmeldingen. 5) Ledighedsgrad. 6) Stillingsbetegnelser på job som personen søger.
 */
export const checkTilmelding = (r: Kapitel2Indberetning, f: Findings): void => {
  const t = r.tilmelding;
  if (t === null || t === undefined) {
    f.errors.push({ code: 'missing-field', field: 'tilmelding', message: 'tilmelding is missing; § 8 stk. 5 requires it for TILMELDING.' });
    return;
  }
  requireText(f, t.tilmeldekategori, 'tilmelding.tilmeldekategori', '§ 8 stk. 5 nr. 3 requires the sign-up category');
  requireDate(f, t.startdato, 'tilmelding.startdato', '§ 8 stk. 5 nr. 4 requires the first day of the sign-up');
  if (typeof t.ledighedsgrad !== 'number' || !Number.isFinite(t.ledighedsgrad) || t.ledighedsgrad < 0 || t.ledighedsgrad > 100) {
    f.errors.push({ code: 'out-of-range', field: 'tilmelding.ledighedsgrad', message: `tilmelding.ledighedsgrad must be a percentage from 0 to 100 (§ 8 stk. 5 nr. 5), got ${JSON.stringify(t.ledighedsgrad)}.` });
  }
  const titles = Array.isArray(t.stillingsbetegnelser) ? t.stillingsbetegnelser.filter((s) => typeof s === 'string' && s.trim() !== '') : [];
  if (titles.length === 0) {
    f.errors.push({ code: 'missing-field', field: 'tilmelding.stillingsbetegnelser', message: 'tilmelding.stillingsbetegnelser is empty; § 8 stk. 5 nr. 6 requires the titles of the jobs the person seeks.' });
  }
};

/**
 * § 8 stk. 6. Følgende oplysninger skal registreres og indberettes i forbindelse med afmelding:
 *  1) Identifikationsoplysninger for personen. 2) Dato for afmelding.
 *  Afmelding kan finde sted på registreringsdatoen og op til 90 dage frem i tid.
 *  3) Årsag til afmelding.
 */
export const checkAfmelding = (r: Kapitel2Indberetning, f: Findings): void => {
  const a = r.afmelding;
  if (a === null || a === undefined) {
    f.errors.push({ code: 'missing-field', field: 'afmelding', message: 'afmelding is missing; § 8 stk. 6 requires it for AFMELDING.' });
    return;
  }
  requireDate(f, a.afmeldingsdato, 'afmelding.afmeldingsdato', '§ 8 stk. 6 nr. 2 requires the sign-off date');
  requireText(f, a.aarsag, 'afmelding.aarsag', '§ 8 stk. 6 nr. 3 requires the reason for the sign-off');
};

/** The sign-off window: the registration day (Copenhagen date of registreretTidspunkt) up to 90 days ahead. */
export const s08Stk6Afmelding = (r: Kapitel2Indberetning, ctx: RuleContext, f: Findings): Verdict => {
  const afmeldingsdato = r.afmelding?.afmeldingsdato ?? '';
  const registered = registrationDay(r.registreretTidspunkt);
  const last = addDays(registered, 90);
  if (compareDates(afmeldingsdato, registered) < 0) {
    return rejectedFor('§ 8 stk. 6', {
      code: 'afmelding-backdated',
      field: 'afmelding.afmeldingsdato',
      message: `afmelding.afmeldingsdato ${afmeldingsdato} lies before the registration day ${registered}; a sign-off can be dated from the registration day and up to 90 days ahead.`,
    }, f);
  }
  if (compareDates(afmeldingsdato, last) > 0) {
    return rejectedFor('§ 8 stk. 6', {
      code: 'afmelding-too-far-ahead',
      field: 'afmelding.afmeldingsdato',
      message: `afmelding.afmeldingsdato ${afmeldingsdato} lies more than 90 days after the registration day ${registered} (the latest allowed is ${last}).`,
    }, f);
  }
  return continuous('§ 8 stk. 6', ctx, f);
};

/** § 9: sign-ups are registered "løbende" (continuously); no deadline of their own. */
export const s08Stk5Tilmelding = (ctx: RuleContext, f: Findings): Verdict => continuous('§ 8 stk. 5', ctx, f);
