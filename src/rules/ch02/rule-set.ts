import { checkEnvelope, checkKendskabNotAfterReport, noFindings, rejected, requireOneOf } from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL2_HAENDELSESTYPER, type Kapitel2Indberetning } from './report.ts';
import { checkKontaktgruppeFields, s07Stk1Start, s07Stk2Slut } from './s07-kontaktgruppe.ts';
import { checkAfmelding, checkTilmelding, s08Stk5Tilmelding, s08Stk6Afmelding } from './s08-til-og-afmelding.ts';

/**
 * Chapter 2 under BEK 1380/2010. Personkreds (§ 6) is kontaktgruppe 1–8 and dimittender: it is
 * the content of the report itself (kontaktgruppe.kontaktgruppe 1–9), so nothing is out of scope;
 * sign-up and sign-off (§ 5 stk. 2) concern every job seeker.
 */
export const decideKapitel2 = (r: Kapitel2Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL2_HAENDELSESTYPER)) return rejected('§ 5', f);
  const paragraph = r.haendelsestype.startsWith('KONTAKTGRUPPE') ? '§ 7 stk. 5' : r.haendelsestype === 'TILMELDING' ? '§ 8 stk. 5' : '§ 8 stk. 6';
  if (r.haendelsestype.startsWith('KONTAKTGRUPPE')) checkKontaktgruppeFields(r, f);
  else if (r.haendelsestype === 'TILMELDING') checkTilmelding(r, f);
  else checkAfmelding(r, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length > 0) return rejected(paragraph, f);
  switch (r.haendelsestype) {
    case 'KONTAKTGRUPPE_START':
      return s07Stk1Start(r, ctx, f);
    case 'KONTAKTGRUPPE_SLUT':
      return s07Stk2Slut(r, ctx, f);
    case 'TILMELDING':
      return s08Stk5Tilmelding(ctx, f);
    case 'AFMELDING':
      return s08Stk6Afmelding(r, ctx, f);
  }
};

/** § 68: in force 13 December 2010; open-ended until a successor order's set takes over. */
export const kapitel2RuleSet: RuleSet<Kapitel2Indberetning> = {
  id: 'bek-1380-2010/kapitel-2',
  kapitel: 2,
  validFrom: '2010-12-13',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 2 (§§ 5-11)',
  decide: decideKapitel2,
};
