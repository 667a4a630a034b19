import type { LocalDate } from '../verdict.ts';
import { optionalDate, requireDate, requireText, type Findings } from './envelope.ts';
import { compareDates } from './verdicts.ts';

/** § 44 nr. 10–13 and § 50 nr. 9–12: the job plan fields, the same in chapters 8 and 9. */
export interface Jobplan {
  readonly jobplanId: string;
  readonly oprettelsesdato: LocalDate;
  readonly revisionsdato: LocalDate | null;
  readonly beskaeftigelsesmaal: string;
}

/** Checks a job plan; `p` names the paragraph, e.g. `§ 44`. */
export const checkJobplan = (f: Findings, j: Jobplan | null | undefined, p: string, nr: readonly [number, number, number, number]): void => {
  if (j === null || j === undefined) {
    f.errors.push({ code: 'missing-field', field: 'jobplan', message: `jobplan is missing; ${p} nr. ${nr[0]}-${nr[3]} requires it for a JOBPLAN report.` });
    return;
  }
  requireText(f, j.jobplanId, 'jobplan.jobplanId', `${p} nr. ${nr[0]} requires the job plan's unique key`);
  const created = requireDate(f, j.oprettelsesdato, 'jobplan.oprettelsesdato', `${p} nr. ${nr[1]} requires the day it was created`);
  const revised = optionalDate(f, j.revisionsdato, 'jobplan.revisionsdato');
  if (created && revised && typeof j.revisionsdato === 'string' && compareDates(j.revisionsdato, j.oprettelsesdato) < 0) {
    f.errors.push({ code: 'revised-before-created', field: 'jobplan.revisionsdato', message: `jobplan.revisionsdato ${j.revisionsdato} lies before oprettelsesdato ${j.oprettelsesdato}.` });
  }
  requireText(f, j.beskaeftigelsesmaal, 'jobplan.beskaeftigelsesmaal', `${p} nr. ${nr[3]} requires the employment goal`);
};

/** Checks start ≤ end and 0 ≤ weekly hours ≤ 168 of a measure. */
export const checkPeriodAndHours = (f: Findings, start: unknown, end: unknown, hours: unknown, p: string, nr: readonly [number, number, number]): void => {
  const s = requireDate(f, start, 'foranstaltning.startdato', `${p} nr. ${nr[0]} requires the measure's start date`);
  const e = requireDate(f, end, 'foranstaltning.slutdato', `${p} nr. ${nr[1]} requires the measure's end date`);
  if (s && e && compareDates(end as string, start as string) < 0) {
    f.errors.push({ code: 'end-before-start', field: 'foranstaltning.slutdato', message: `foranstaltning.slutdato ${String(end)} lies before startdato ${String(start)}.` });
  }
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > 168) {
    f.errors.push({
      code: 'out-of-range',
      field: 'foranstaltning.gennemsnitligtUgentligtTimetal',
      message: `foranstaltning.gennemsnitligtUgentligtTimetal must be average weekly hours from 0 to 168 (${p} nr. ${nr[2]}), got ${JSON.stringify(hours)}.`,
    });
  }
};
