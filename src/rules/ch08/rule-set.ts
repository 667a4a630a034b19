import { checkEnvelope, checkKendskabNotAfterReport, noFindings, rejected, requireOneOf } from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL8_HAENDELSESTYPER, KAPITEL8_PERSONKREDSE, type Kapitel8Indberetning } from './report.ts';
import { s44Fields, s44Timing } from './s44-foranstaltning.ts';

/**
 * § 43. Der skal registreres og indberettes oplysninger om foranstaltninger for følgende personkreds:
 * 1) Personer omfattet af § 2, nr. 1, i lov om en aktiv beskæftigelsesindsats, og 2) personer
 * omfattet af §§ 98 c – 98 g … (voksenelever), 3) beskæftigede omfattet af § 99 ….
 *
 * The report names the group (`personkreds`); a value outside § 43 is refused.
 */
export const decideKapitel8 = (r: Kapitel8Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL8_HAENDELSESTYPER)) return rejected('§ 42', f);
  if (!requireOneOf(f, r.personkreds, 'personkreds', KAPITEL8_PERSONKREDSE)) return rejected('§ 43', f);
  s44Fields(r, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length > 0) return rejected('§ 44', f);
  return s44Timing(ctx, f);
};

/** § 68: in force 13 December 2010. */
export const kapitel8RuleSet: RuleSet<Kapitel8Indberetning> = {
  id: 'bek-1380-2010/kapitel-8',
  kapitel: 8,
  validFrom: '2010-12-13',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 8 (§§ 42-47)',
  decide: decideKapitel8,
};
