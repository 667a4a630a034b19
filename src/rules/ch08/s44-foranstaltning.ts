import {
  absorb,
  checkJobplan,
  checkPeriodAndHours,
  checkVirksomhed,
  continuous,
  missing,
  requireOneOf,
  requireText,
  type Findings,
} from '../dataomraade/index.ts';
import { checkKommunekode } from '../identifiers/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Verdict } from '../verdict.ts';
import { FORANSTALTNINGSKATEGORIER, type Kapitel8Indberetning } from './report.ts';

/**
 * § 44. For hver foranstaltning indberettes følgende oplysninger:
 *  1)–2) person, kommunekode; 3) Ansvarligt jobcenter. 4) Registrerende jobcenter.
 *  5) Unik nøgle for den enkelte foranstaltning (kursus, løntilskudsansættelse mv.).
 *  6) Startdato … 7) Slutdato … 8) Gennemsnitligt ugentligt timetal … 9) Aktiveringstype (økonomisk ramme m.v.).
 *  10)–13) For jobplan: Unik nøgle. Dato for oprettelse. Dato for revision. Beskæftigelsesmål.
 *  14) For virksomhedsrettede foranstaltninger: Jobordreident fra Jobnet, hvis en sådan findes.
 *  15) … Type af virksomhedsrettede tilbud (jobordretype). 16) … Aktivitetsudbyder ved CVR- og P-nummer.
 *  17) For ansættelse med løntilskud i statslige institutioner: Ministerområde.
 *  18) For virksomhedsrettede foranstaltninger: Stillingsbetegnelse på den foranstaltning personen deltager i.
 *  19) For kursusforløb: Kursustype (afholdelseskategori).
 *  20) For kursusforløb: CVR-nummer og P-nummer på den virksomhed, der udbyder aktiviteten. 21) For kursusforløb: Hold ID.
 *
 * Jobcentres are named by their municipality's kommunekode. Nr. 10 "Dato for revision" is
 * optional: a plan not yet revised has none.
 */
export const s44Fields = (r: Kapitel8Indberetning, f: Findings): void => {
  if (r.haendelsestype === 'JOBPLAN') {
    checkJobplan(f, r.jobplan, '§ 44', [10, 11, 12, 13]);
    return;
  }
  const m = r.foranstaltning;
  if (m === null || m === undefined) {
    f.errors.push(missing('foranstaltning', '§ 44 nr. 3-9 require the measure for a FORANSTALTNING report'));
    return;
  }
  absorb(f, checkKommunekode(m.ansvarligtJobcenter, 'foranstaltning.ansvarligtJobcenter'));
  absorb(f, checkKommunekode(m.registrerendeJobcenter, 'foranstaltning.registrerendeJobcenter'));
  requireText(f, m.foranstaltningId, 'foranstaltning.foranstaltningId', "§ 44 nr. 5 requires the measure's unique key");
  checkPeriodAndHours(f, m.startdato, m.slutdato, m.gennemsnitligtUgentligtTimetal, '§ 44', [6, 7, 8]);
  requireText(f, m.aktiveringstype, 'foranstaltning.aktiveringstype', '§ 44 nr. 9 requires the activation type');
  if (!requireOneOf(f, m.kategori, 'foranstaltning.kategori', FORANSTALTNINGSKATEGORIER)) return;
  if (m.kategori === 'VIRKSOMHEDSRETTET') {
    const v = m.virksomhedsrettet;
    if (v === null || v === undefined) {
      f.errors.push(missing('foranstaltning.virksomhedsrettet', '§ 44 nr. 15-18 are required for company-directed measures'));
    } else {
      requireText(f, v.jobordretype, 'foranstaltning.virksomhedsrettet.jobordretype', '§ 44 nr. 15 requires the type of company-directed offer');
      checkVirksomhed(f, v.aktivitetsudbyder, 'foranstaltning.virksomhedsrettet.aktivitetsudbyder', '§ 44 nr. 16 requires the activity provider by CVR and P-nummer', true);
      if (v.statsligInstitution) requireText(f, v.ministeromraade, 'foranstaltning.virksomhedsrettet.ministeromraade', '§ 44 nr. 17 requires the ministry area for wage subsidy in a state institution');
      requireText(f, v.stillingsbetegnelse, 'foranstaltning.virksomhedsrettet.stillingsbetegnelse', '§ 44 nr. 18 requires the job title');
    }
  } else if (m.kategori === 'KURSUS') {
    const k = m.kursus;
    if (k === null || k === undefined) {
      f.errors.push(missing('foranstaltning.kursus', '§ 44 nr. 19-21 are required for courses'));
    } else {
      requireText(f, k.kursustype, 'foranstaltning.kursus.kursustype', '§ 44 nr. 19 requires the course type');
      checkVirksomhed(f, k.udbyder, 'foranstaltning.kursus.udbyder', '§ 44 nr. 20 requires the provider by CVR and P-nummer', true);
      requireText(f, k.holdId, 'foranstaltning.kursus.holdId', '§ 44 nr. 21 requires the class (hold) id');
    }
  }
};

/** § 45: registered "løbende"; no deadline of its own. */
export const s44Timing = (ctx: RuleContext, f: Findings): Verdict => continuous('§ 44', ctx, f);
