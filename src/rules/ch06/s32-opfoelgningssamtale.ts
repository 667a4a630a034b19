import { checkHeldBy, continuous, requireInteger, requireText, type Findings } from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import type { Kapitel6Indberetning } from './report.ts';

/**
 * § 32. For hver afholdt opfølgningssamtale indberettes følgende oplysninger:
 *  1) Identifikationsoplysninger for personen. 2) Kommunekode for indberettende kommune.
 *  3) Dato for afholdelse af opfølgningssamtale. 4) Samtaleform. 5) Visitationskategori.
 * Stk. 2. Kommunen har desuden mulighed for at indberette aftaler vedrørende sygeopfølgningen
 * samt vurderingen af den sygemeldtes behov for indsats.
 *
 * Stk. 2 fields are optional and never required. Personkreds (§ 31) is the sick-listed the
 * municipality follows up on; the hub has no sickness-benefit state, so it is not checked.
 */
export const s32Fields = (r: Kapitel6Indberetning, ctx: RuleContext, f: Findings): void => {
  requireText(f, r.samtaleform, 'samtaleform', '§ 32 nr. 4 requires the form of the interview');
  requireInteger(f, r.visitationskategori, 'visitationskategori', 1, 3, '§ 32 nr. 5: the visitation category');
  if (typeof r.haendelsesdato === 'string' && f.errors.every((e) => e.field !== 'haendelsesdato')) {
    checkHeldBy(r.haendelsesdato, 'haendelsesdato', 'follow-up interviews', ctx, f);
  }
};

/** § 33: registered "løbende"; no deadline of its own. */
export const s32Timing = (ctx: RuleContext, f: Findings): Verdict => continuous('§ 32', ctx, f);
