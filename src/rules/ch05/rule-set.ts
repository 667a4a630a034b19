import { checkEnvelope, checkKendskabNotAfterReport, noFindings, outOfScope, rejected, requireOneOf } from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL5_HAENDELSESTYPER, type Kapitel5Indberetning } from './report.ts';
import { s26Personkreds } from './s26-personkreds.ts';
import { s27Stk1Fields, s27Timing } from './s27-indkaldelse.ts';

export const decideKapitel5 = (r: Kapitel5Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL5_HAENDELSESTYPER)) return rejected('§ 25', f);
  s27Stk1Fields(r, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length > 0) return rejected('§ 27 stk. 1', f);
  const scope = s26Personkreds(ctx.person);
  if (!scope.covered) return outOfScope('§ 26', scope.reason, f);
  if (scope.warning !== undefined) f.warnings.push(scope.warning);
  return s27Timing(r, ctx, f);
};

/** § 68: in force 13 December 2010. */
export const kapitel5RuleSet: RuleSet<Kapitel5Indberetning> = {
  id: 'bek-1380-2010/kapitel-5',
  kapitel: 5,
  validFrom: '2010-12-13',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 5 (§§ 25-30)',
  decide: decideKapitel5,
};
