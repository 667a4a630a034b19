import { checkEnvelope, checkHeldBy, checkKendskabNotAfterReport, noFindings, outOfScope, rejected, requireOneOf } from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL3_HAENDELSESTYPER, type Kapitel3Indberetning } from './report.ts';
import { s13Personkreds } from './s13-personkreds.ts';
import { checkSamtaleFields, s14Stk2, s15 } from './s14-jobsamtale.ts';

export const decideKapitel3 = (r: Kapitel3Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL3_HAENDELSESTYPER)) return rejected('§ 12', f);
  const paragraph = r.haendelsestype === 'JOBSAMTALE' ? '§ 14' : '§ 15';
  checkSamtaleFields(r, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length === 0) checkHeldBy(r.haendelsesdato, 'haendelsesdato', 'interviews', ctx, f);
  if (f.errors.length > 0) return rejected(paragraph, f);
  const scope = s13Personkreds(ctx.person, r.haendelsestype);
  if (!scope.covered) return outOfScope(scope.paragraph, scope.reason, f);
  if (scope.warning !== undefined) f.warnings.push(scope.warning);
  return r.haendelsestype === 'JOBSAMTALE' ? s14Stk2(r, ctx, f) : s15(ctx, f);
};

/** § 68: in force 13 December 2010. */
export const kapitel3RuleSet: RuleSet<Kapitel3Indberetning> = {
  id: 'bek-1380-2010/kapitel-3',
  kapitel: 3,
  validFrom: '2010-12-13',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 3 (§§ 12-18)',
  decide: decideKapitel3,
};
