import { checkEnvelope, checkKendskabNotAfterReport, noFindings, rejected, requireOneOf } from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL6_HAENDELSESTYPER, type Kapitel6Indberetning } from './report.ts';
import { s32Fields, s32Timing } from './s32-opfoelgningssamtale.ts';

export const decideKapitel6 = (r: Kapitel6Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL6_HAENDELSESTYPER)) return rejected('§ 31', f);
  s32Fields(r, ctx, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length > 0) return rejected('§ 32', f);
  return s32Timing(ctx, f);
};

/** § 68: in force 13 December 2010. */
export const kapitel6RuleSet: RuleSet<Kapitel6Indberetning> = {
  id: 'bek-1380-2010/kapitel-6',
  kapitel: 6,
  validFrom: '2010-12-13',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 6 (§§ 31-35)',
  decide: decideKapitel6,
};
