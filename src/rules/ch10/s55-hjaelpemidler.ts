import { checkVirksomhed, continuous, requireOneOf, type Findings } from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { HJAELPEMIDLER, type Kapitel10Indberetning } from './report.ts';

/**
 * § 55. Der skal registreres og indberettes oplysninger om følgende hjælpemidler:
 *  1) Undervisningsmateriale. 2) Arbejdsredskaber og mindre arbejdspladsindretninger.
 * Stk. 2. Følgende oplysninger skal registreres og indberettes pr. tilskud fordelt på hjælpemidlerne i stk. 1:
 *  1) Kommunekode for indberettende kommune.
 *  2) CVR-nummer og P-nummer på virksomheden, hvis det er virksomheden modtager tilskuddet.
 *  3) Dato for godkendelse af bevilling til tilskud. 4) Identifikationsoplysninger for personen, der anvender hjælpemidlerne.
 */
export const s55Fields = (r: Kapitel10Indberetning, f: Findings): void => {
  requireOneOf(f, r.hjaelpemiddel, 'hjaelpemiddel', HJAELPEMIDLER);
  if (r.tilskudsmodtager !== null && r.tilskudsmodtager !== undefined) {
    checkVirksomhed(f, r.tilskudsmodtager, 'tilskudsmodtager', '§ 55 stk. 2 nr. 2 requires CVR and P-nummer when the company receives the grant', true);
  }
};

/** § 56: registered "løbende"; no deadline of its own. */
export const s55Timing = (ctx: RuleContext, f: Findings): Verdict => continuous('§ 55', ctx, f);
