import { checkHeldBy, continuous, requireOneOf, type Findings } from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { CV_GODKENDELSESSTATUSER, KAPITEL7_YDELSER, type Kapitel7Indberetning } from './report.ts';

/**
 * § 38. For hver person indberettes følgende oplysninger:
 *  1) Identifikationsoplysninger for personen. 2) Kommunekode for indberettende kommune.
 *  3) Dato for afholdelse af samtale. 4) Godkendelsesstatus for cvet.
 * Stk. 2. Kommunen har desuden mulighed for at indberette aftaler med personen vedrørende cvet.
 */
export const s38Fields = (r: Kapitel7Indberetning, ctx: RuleContext, f: Findings): void => {
  requireOneOf(f, r.ydelse, 'ydelse', KAPITEL7_YDELSER);
  if (typeof r.aleneLedighed !== 'boolean') {
    f.errors.push({ code: 'missing-field', field: 'aleneLedighed', message: 'aleneLedighed is missing; § 37 covers only persons on benefit because of unemployment alone.' });
  }
  requireOneOf(f, r.godkendelsesstatus, 'godkendelsesstatus', CV_GODKENDELSESSTATUSER);
  if (typeof r.haendelsesdato === 'string' && f.errors.every((e) => e.field !== 'haendelsesdato')) {
    checkHeldBy(r.haendelsesdato, 'haendelsesdato', 'CV interviews', ctx, f);
  }
};

/** § 39: registered "løbende"; no deadline of its own. */
export const s38Timing = (ctx: RuleContext, f: Findings): Verdict => continuous('§ 38', ctx, f);
