import { compareDates, requireDate, requireOneOf, requireText, sameDay, type Findings } from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { BREVHAENDELSER, SAMTALETYPER, type Kapitel5Indberetning } from './report.ts';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * § 27. Ved alle indkaldelser registreres og indberettes følgende oplysninger:
 *  1) Identifikationsoplysninger for personen. 2) Dato og tidspunkt for samtalens afholdelse.
 *  3) Samtaleformen. 4) Samtaletypen (jobsamtale, opfølgningssamtale m.v.). 5) Samtalested (lokation).
 *  6) Personens kontaktmuligheder i forbindelse med samtalen.
 */
export const s27Stk1Fields = (r: Kapitel5Indberetning, f: Findings): void => {
  requireOneOf(f, r.brevhaendelse, 'brevhaendelse', BREVHAENDELSER);
  const date = requireDate(f, r.samtaledato, 'samtaledato', '§ 27 stk. 1 nr. 2 requires the day of the interview');
  if (typeof r.samtaleklokkeslaet !== 'string' || !CLOCK.test(r.samtaleklokkeslaet)) {
    f.errors.push({
      code: r.samtaleklokkeslaet ? 'invalid-time' : 'missing-field',
      field: 'samtaleklokkeslaet',
      message: `samtaleklokkeslaet must be the time of the interview as HH:MM (§ 27 stk. 1 nr. 2: date AND time), got ${JSON.stringify(r.samtaleklokkeslaet)}.`,
    });
  }
  requireText(f, r.samtaleform, 'samtaleform', '§ 27 stk. 1 nr. 3 requires the form of the interview');
  requireOneOf(f, r.samtaletype, 'samtaletype', SAMTALETYPER);
  requireText(f, r.samtalested, 'samtalested', '§ 27 stk. 1 nr. 5 requires the location');
  const contacts = Array.isArray(r.kontaktmuligheder) ? r.kontaktmuligheder.filter((c) => typeof c === 'string' && c.trim() !== '') : [];
  if (contacts.length === 0) {
    f.errors.push({ code: 'missing-field', field: 'kontaktmuligheder', message: "kontaktmuligheder is empty; § 27 stk. 1 nr. 6 requires the person's options for contact about the interview." });
  }
  if (r.haendelsestype !== 'INDKALDELSE') {
    requireText(f, r.indkaldelseRef, 'indkaldelseRef', `§ 27 stk. 3: a ${r.haendelsestype} must name the summons it concerns`);
  }
  if (date && (r.haendelsestype === 'INDKALDELSE' || r.haendelsestype === 'FLYTNING') && typeof r.haendelsesdato === 'string' && compareDates(r.samtaledato, r.haendelsesdato) < 0) {
    f.errors.push({ code: 'interview-before-letter', field: 'samtaledato', message: `samtaledato ${r.samtaledato} lies before the letter's day ${r.haendelsesdato}; a summons cannot call to a past interview.` });
  }
};

/**
 * § 27 stk. 2. Indkaldelsen registreres og indberettes samme dag som indkaldelsesbrevet udskrives
 * eller den dag, hvor det gives eller sendes til personen.
 * Stk. 3. Hvis en indkaldt samtale eller et indkaldt møde aflyses, flyttes eller på anden måde
 * ændres, registreres og indberettes dette samme dag, som aflysnings- eller ændringsbrevet
 * udskrives eller den dag, hvor det gives eller sendes til personen.
 *
 * A report before the letter's day is refused as it stands: the letter may never go out.
 */
export const s27Timing = (r: Kapitel5Indberetning, ctx: RuleContext, f: Findings): Verdict =>
  r.haendelsestype === 'INDKALDELSE'
    ? sameDay('§ 27 stk. 2', r.haendelsesdato, ctx, 'The summons', f, false)
    : sameDay('§ 27 stk. 3', r.haendelsesdato, ctx, `The ${r.haendelsestype.toLowerCase()} of the summons`, f, false);
