import { checkEnvelope, checkKendskabNotAfterReport, noFindings, rejected, requireOneOf } from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL10_HAENDELSESTYPER, type Kapitel10Indberetning } from './report.ts';
import { s55Fields, s55Timing } from './s55-hjaelpemidler.ts';

export const decideKapitel10 = (r: Kapitel10Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL10_HAENDELSESTYPER)) return rejected('§ 54', f);
  s55Fields(r, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length > 0) return rejected('§ 55 stk. 2', f);
  return s55Timing(ctx, f);
};

/**
 * § 68 stk. 5. Oplysninger efter kapitel 10 registreres når den tekniske indberetningsløsning er
 * releaset. No date is given, so the set governs from the order's own start, 13 December 2010.
 */
export const kapitel10RuleSet: RuleSet<Kapitel10Indberetning> = {
  id: 'bek-1380-2010/kapitel-10',
  kapitel: 10,
  validFrom: '2010-12-13',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 10 (§§ 54-58), § 68 stk. 5',
  decide: decideKapitel10,
};
