import { checkEnvelope, checkKendskabNotAfterReport, noFindings, rejected, requireInteger, requireOneOf } from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL9_HAENDELSESTYPER, type Kapitel9Indberetning } from './report.ts';
import { s50Fields, s50Timing } from './s50-foranstaltning.ts';

/**
 * § 49. Der skal registreres og indberettes oplysninger om foranstaltninger for følgende personkreds:
 * 1) Personer omfattet af § 2, nr. 2-10, … 2) … (voksenelever), 3) personer med introduktionsydelse …,
 * 4) personer, der er selvforsørgende, … 5) Personer, der er omfattet af tilskud til personlig
 * assistance til personer med handicap … 6) personer, der er omfattet af mentorfunktionen ….
 *
 * The report names the number (`personkreds`, 1–6); a value outside § 49 is refused.
 */
export const decideKapitel9 = (r: Kapitel9Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL9_HAENDELSESTYPER)) return rejected('§ 48', f);
  if (!requireInteger(f, r.personkreds, 'personkreds', 1, 6, '§ 49 nr. 1-6')) return rejected('§ 49', f);
  s50Fields(r, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length > 0) return rejected('§ 50', f);
  return s50Timing(ctx, f);
};

/**
 * § 68: in force 13 December 2010. § 68 stk. 3 (§ 48 stk. 2–3 data from when the IT suppliers
 * are ready) and stk. 4 (§ 50 nr. 9–12) give no date, so they relax requirements, not the period.
 */
export const kapitel9RuleSet: RuleSet<Kapitel9Indberetning> = {
  id: 'bek-1380-2010/kapitel-9',
  kapitel: 9,
  validFrom: '2010-12-13',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 9 (§§ 48-53)',
  decide: decideKapitel9,
};
