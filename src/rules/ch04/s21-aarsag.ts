import { sameDay, type Findings } from '../dataomraade/index.ts';
import type { RuleContext } from '../rule-set.ts';
import type { Reason, Verdict } from '../verdict.ts';
import { BILAG1, bilag1Aarsag, type Bilag1Gruppe } from './bilag1.ts';
import type { Kapitel4Indberetning } from './report.ts';

/**
 * § 21. Årsager til fravær eller fritagelse skal registreres og indberettes for hver af
 * kontaktgrupperne i henhold til bilag 1.
 *
 * The reason must be in the table, be of the report's kind (fravær, fritagelse, periodisk
 * forhold), and be allowed for the group and, where the table says so, the match group.
 */
export const s21Stk1Aarsag = (r: Kapitel4Indberetning, gruppe: Bilag1Gruppe): Reason | undefined => {
  const aarsag = bilag1Aarsag(r.aarsag ?? '');
  if (aarsag === undefined) {
    return {
      code: 'aarsag-unknown',
      field: 'aarsag',
      message: `aarsag ${JSON.stringify(r.aarsag)} is not a reason in Bilag 1; known reasons are ${BILAG1.map((a) => a.kode).join(', ')}.`,
    };
  }
  if (aarsag.art !== r.haendelsestype) {
    return { code: 'aarsag-wrong-kind', field: 'aarsag', message: `aarsag ${aarsag.kode} (${aarsag.tekst}) is a ${aarsag.art} reason, but the report is a ${r.haendelsestype}.` };
  }
  const shownGroup = gruppe === 'SENIORJOB' ? 'persons in a senior job' : `kontaktgruppe ${gruppe}`;
  if (!aarsag.grupper.includes(gruppe)) {
    return { code: 'aarsag-not-allowed-for-group', field: 'aarsag', message: `Bilag 1 does not allow aarsag ${aarsag.kode} (${aarsag.tekst}) for ${shownGroup}.` };
  }
  if (aarsag.matchgrupper !== undefined) {
    if (r.matchgruppe === null || r.matchgruppe === undefined) {
      return { code: 'missing-field', field: 'matchgruppe', message: `matchgruppe is missing; Bilag 1 allows aarsag ${aarsag.kode} only in matchgruppe ${aarsag.matchgrupper.join(', ')}.` };
    }
    if (!(aarsag.matchgrupper as readonly number[]).includes(r.matchgruppe)) {
      return {
        code: 'aarsag-not-allowed-for-matchgruppe',
        field: 'aarsag',
        message: `Bilag 1 allows aarsag ${aarsag.kode} (${aarsag.tekst}) for ${shownGroup} only in matchgruppe ${aarsag.matchgrupper.join(', ')}, not matchgruppe ${r.matchgruppe}.`,
      };
    }
  }
  return undefined;
};

/**
 * § 21 stk. 2. Registrering og indberetning skal finde sted samme dag, som årsagen til fraværet
 * kommer til kommunens kendskab eller godkendelse af fritagelsen finder sted.
 *
 * The day is godkendelsesdato for an exemption and kendskabsdato otherwise; reporting earlier is
 * impossible (already refused as a kendskabsdato in the future), later is late.
 */
export const s21Stk2 = (r: Kapitel4Indberetning, ctx: RuleContext, f: Findings): Verdict =>
  r.haendelsestype === 'FRITAGELSE'
    ? sameDay('§ 21 stk. 2', r.godkendelsesdato ?? '', ctx, `The exemption (${r.aarsag}) approved on ${r.godkendelsesdato}`, f, false)
    : sameDay('§ 21 stk. 2', r.kendskabsdato ?? '', ctx, `The ${r.haendelsestype === 'FRAVAER' ? 'absence' : 'periodic fact'} (${r.aarsag}) learned of on ${r.kendskabsdato}`, f, false);
