import {
  checkJobplan,
  checkPeriodAndHours,
  checkVirksomhed,
  continuous,
  missing,
  requireOneOf,
  requireText,
  type Findings,
} from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { KAPITEL9_FORANSTALTNINGSKATEGORIER, type Kapitel9Indberetning } from './report.ts';

/**
 * § 50. For hver foranstaltning indberettes følgende oplysninger:
 *  1)–2) person, kommunekode; 3) Foranstaltningstype med underliggende kategorier. 4) Startdato …
 *  5) Slutdato … 6) Gennemsnitligt ugentligt timetal … 7) Hovedydelse for personen i foranstaltningen.
 *  Hvis der er tale om selvforsørgelse, påføres dette. 8) Angivelse af, om der er tale om et åbent tilbud …
 *  9)–12) For jobplan: Unik nøgle. Dato for oprettelse. Dato for revision. Beskæftigelsesmål.
 *  13) For virksomhedsrettede foranstaltninger: Stedkode for hvor foranstaltningen foregår.
 *  14) … Aktivitetsudbyder ved CVR- og P-nummer. 15) … Adresse på arbejdssted ved manglende CVR- og/eller P-nummer.
 *  16) For løntilskud i statslige institutioner: Ministerområde. 17) … Stillingsbetegnelse …
 *  18) For kursusforløb: CVR-nummer og P-nummer på den virksomhed der udbyder aktiviteten. 19) For kursusforløb: Hold ID.
 *
 * § 68 stk. 4: nr. 9–12 are reported once the technical solution is updated, so a job plan is
 * accepted but never required of a FORANSTALTNING report.
 */
export const s50Fields = (r: Kapitel9Indberetning, f: Findings): void => {
  if (r.haendelsestype === 'JOBPLAN') {
    checkJobplan(f, r.jobplan, '§ 50', [9, 10, 11, 12]);
    return;
  }
  const m = r.foranstaltning;
  if (m === null || m === undefined) {
    f.errors.push(missing('foranstaltning', '§ 50 nr. 3-8 require the measure for a FORANSTALTNING report'));
    return;
  }
  requireText(f, m.foranstaltningstype, 'foranstaltning.foranstaltningstype', '§ 50 nr. 3 requires the measure type');
  checkPeriodAndHours(f, m.startdato, m.slutdato, m.gennemsnitligtUgentligtTimetal, '§ 50', [4, 5, 6]);
  requireText(f, m.hovedydelse, 'foranstaltning.hovedydelse', '§ 50 nr. 7 requires the main benefit (SELVFORSOERGELSE when self-supporting)');
  if (typeof m.aabentTilbud !== 'boolean') f.errors.push(missing('foranstaltning.aabentTilbud', '§ 50 nr. 8 requires whether the offer is open'));
  if (!requireOneOf(f, m.kategori, 'foranstaltning.kategori', KAPITEL9_FORANSTALTNINGSKATEGORIER)) return;
  if (m.kategori === 'VIRKSOMHEDSRETTET') {
    const v = m.virksomhedsrettet;
    if (v === null || v === undefined) {
      f.errors.push(missing('foranstaltning.virksomhedsrettet', '§ 50 nr. 13-17 are required for company-directed measures'));
      return;
    }
    requireText(f, v.stedkode, 'foranstaltning.virksomhedsrettet.stedkode', '§ 50 nr. 13 requires the place code');
    const field = 'foranstaltning.virksomhedsrettet.aktivitetsudbyder';
    if (v.aktivitetsudbyder !== null && v.aktivitetsudbyder !== undefined) checkVirksomhed(f, v.aktivitetsudbyder, field, '§ 50 nr. 14');
    const complete = v.aktivitetsudbyder?.cvr && v.aktivitetsudbyder?.pNummer;
    if (!complete) {
      requireText(f, v.arbejdsstedAdresse, 'foranstaltning.virksomhedsrettet.arbejdsstedAdresse', '§ 50 nr. 15 requires the workplace address when CVR or P-nummer is missing');
    }
    if (v.statsligInstitution) requireText(f, v.ministeromraade, 'foranstaltning.virksomhedsrettet.ministeromraade', '§ 50 nr. 16 requires the ministry area for wage subsidy in a state institution');
    requireText(f, v.stillingsbetegnelse, 'foranstaltning.virksomhedsrettet.stillingsbetegnelse', '§ 50 nr. 17 requires the job title');
  } else if (m.kategori === 'KURSUS') {
    const k = m.kursus;
    if (k === null || k === undefined) {
      f.errors.push(missing('foranstaltning.kursus', '§ 50 nr. 18-19 are required for courses'));
      return;
    }
    checkVirksomhed(f, k.udbyder, 'foranstaltning.kursus.udbyder', '§ 50 nr. 18 requires the provider by CVR and P-nummer', true);
    requireText(f, k.holdId, 'foranstaltning.kursus.holdId', '§ 50 nr. 19 requires the class (hold) id');
  }
};

/** § 51: registered "løbende"; no deadline of its own. */
export const s50Timing = (ctx: RuleContext, f: Findings): Verdict => continuous('§ 50', ctx, f);
