import {
  checkEnvelope,
  checkKendskabNotAfterReport,
  compareDates,
  continuous,
  noFindings,
  optionalDate,
  rejected,
  rejectedFor,
  reportDay,
  requireDate,
  requireInteger,
  requireOneOf,
  requireText,
  type Findings,
} from '../dataomraade/index.ts';
import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL4_HAENDELSESTYPER, type Kapitel4Indberetning } from './report.ts';
import { s20Gruppe } from './s20-personkreds.ts';
import { s21Stk1Aarsag, s21Stk2 } from './s21-aarsag.ts';

const checkFields = (r: Kapitel4Indberetning, ctx: RuleContext, f: Findings): void => {
  const start = requireDate(f, r.startdato, 'startdato', 'the first day of the period is required');
  optionalDate(f, r.slutdato, 'slutdato');
  if (start && typeof r.slutdato === 'string' && f.errors.length === 0 && compareDates(r.slutdato, r.startdato) < 0) {
    f.errors.push({ code: 'end-before-start', field: 'slutdato', message: `slutdato ${r.slutdato} lies before startdato ${r.startdato}.` });
  }
  if (r.matchgruppe !== null && r.matchgruppe !== undefined) requireInteger(f, r.matchgruppe, 'matchgruppe', 1, 3, 'the match group');
  if (r.haendelsestype === 'SENIORJOB') return;
  requireText(f, r.aarsag, 'aarsag', '§ 21 stk. 1 requires the Bilag 1 reason');
  if (r.haendelsestype === 'FRITAGELSE') {
    if (requireDate(f, r.godkendelsesdato, 'godkendelsesdato', '§ 21 stk. 2 times an exemption from the day it is approved')) {
      if (compareDates(r.godkendelsesdato as string, reportDay(ctx)) > 0) {
        f.errors.push({ code: 'approved-in-future', field: 'godkendelsesdato', message: `godkendelsesdato ${r.godkendelsesdato} lies after the day of the report (${reportDay(ctx)}); an exemption is reported once approved.` });
      }
    }
  } else {
    requireDate(f, r.kendskabsdato, 'kendskabsdato', '§ 21 stk. 2 times the report from the day the municipality learned of the reason');
  }
};

export const decideKapitel4 = (r: Kapitel4Indberetning, ctx: RuleContext): Verdict => {
  const f = noFindings();
  checkEnvelope(r, f);
  if (!requireOneOf(f, r.haendelsestype, 'haendelsestype', KAPITEL4_HAENDELSESTYPER)) return rejected('§ 19', f);
  checkFields(r, ctx, f);
  checkKendskabNotAfterReport(r.kendskabsdato, ctx, f);
  if (f.errors.length > 0) return rejected(r.haendelsestype === 'SENIORJOB' ? '§ 19 stk. 2' : '§ 21', f);
  const gruppe = s20Gruppe(r, ctx.person);
  if ('reason' in gruppe) return rejectedFor('§ 20', gruppe.reason, f);
  // § 19 stk. 2 (senior jobs) has no timing of its own: § 22 "løbende".
  if (r.haendelsestype === 'SENIORJOB') return continuous('§ 19 stk. 2', ctx, f);
  const notAllowed = s21Stk1Aarsag(r, gruppe.gruppe);
  if (notAllowed !== undefined) return rejectedFor('§ 21 stk. 1, bilag 1', notAllowed, f);
  return s21Stk2(r, ctx, f);
};

/** § 68: in force 13 December 2010. */
export const kapitel4RuleSet: RuleSet<Kapitel4Indberetning> = {
  id: 'bek-1380-2010/kapitel-4',
  kapitel: 4,
  validFrom: '2010-12-13',
  source: 'BEK nr. 1380 af 10/12/2010, kapitel 4 (§§ 19-24) og bilag 1',
  decide: decideKapitel4,
};
