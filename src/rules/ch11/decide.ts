import type { RuleContext, RuleSet } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { catalogueEntry } from './catalogue.ts';
import { withWarnings } from './outcome.ts';
import type { Kapitel11Indberetning } from './report.ts';
import { s60Personkreds } from './s60-personkreds.ts';
import { s61EventTiming } from './s61-event-timing.ts';
import { s62OfferTiming } from './s62-offer-timing.ts';
import { s63RequiredFields } from './s63-required-fields.ts';

/**
 * The chapter 11 verdict on one report: first the fields (§ 63, § 62 stk. 2: `rejected`), then the
 * personkreds (§ 60: `out-of-scope`), then the timing (§ 61 or § 62: `on-time`, `late`,
 * `premature`, or `rejected` for impossible dates). Warnings, such as a CPR number that fails
 * modulus 11, travel on every verdict. Pure: the report day comes from `context.now`.
 */
export const decideKapitel11 = (report: Kapitel11Indberetning, context: RuleContext): Verdict => {
  const { errors, warnings } = s63RequiredFields(report);
  const entry = catalogueEntry(report.haendelsestype);
  if (errors.length > 0 || entry === undefined) {
    // A report can break several paragraphs at once; name each of them once, in order found.
    const paragraphs = [...new Set(errors.map((e) => e.paragraph))];
    return { kind: 'rejected', paragraph: paragraphs.join(', ') || '§ 63 stk. 1 nr. 4', reasons: errors.map((e) => e.reason), warnings };
  }
  const personkreds = s60Personkreds(context.person, entry);
  if (!personkreds.covered) {
    return { kind: 'out-of-scope', paragraph: personkreds.paragraph, reasons: [personkreds.reason], warnings };
  }
  const outcome = entry.timing === '§ 61' ? s61EventTiming(report, context) : s62OfferTiming(report, context);
  return withWarnings(outcome, warnings);
};

/** Chapter 11 of BEK 1380/2010; § 68 stk. 6: in force when the systems are adapted, at the latest 9 May 2011. */
export const kapitel11RuleSet: RuleSet<Kapitel11Indberetning> = {
  id: 'bek-1380-2010/kapitel-11',
  kapitel: 11,
  validFrom: '2011-05-09',
  source: 'BEK nr. 1380 af 10/12/2010',
  decide: decideKapitel11,
};
