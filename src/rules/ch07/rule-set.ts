import { checkEnvelope, checkKendskabNotAfterReport, noFindings, outOfScope, rejected, requireOneOf } from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL7_HAENDELSESTYPER, type Kapitel7Indberetning } from './report.ts';
import { s37Personkreds } from './s37-personkreds.ts';
import { s38Fields, s38Timing } from './s38-cv-samtale.ts';

export const decideKapitel7 = (r: Kapitel7Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL7_HAENDELSESTYPER)) return rejected('§ 36', f);
  s38Fields(r, ctx, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length > 0) return rejected('§ 38', f);
  const outside = s37Personkreds(r);
  if (outside !== undefined) return outOfScope('§ 37', outside, f);
  return s38Timing(ctx, f);
};

/**
 * § 68 stk. 2. Oplysningerne efter kapitel 7 skal registreres og opsamles med virkning fra den
 * 1. august 2009. Indberetningerne påbegyndes, når den tekniske indberetningsløsning via
 * webservice er releaset.
 */
export const kapitel7RuleSet: RuleSet<Kapitel7Indberetning> = {
  id: 'bek-1380-2010/kapitel-7',
  kapitel: 7,
  validFrom: '2009-08-01',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 7 (§§ 36-41), § 68 stk. 2',
  decide: decideKapitel7,
};
