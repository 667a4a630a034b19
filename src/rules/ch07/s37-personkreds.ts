import type { Reason } from '../verdict.ts';
import type { Kapitel7Indberetning } from './report.ts';

/**
 * § 37. Der skal registreres og indberettes oplysninger om følgende personkreds:
 * 1) Personer, der modtager kontanthjælp eller starthjælp efter lov om aktiv socialpolitik alene
 * på grund af ledighed, …, og 2) personer, der modtager integrationsydelse alene på grund af
 * ledighed efter lov om integration af udlændinge i Danmark §§ 2 og 25.
 */
export const s37Personkreds = (r: Kapitel7Indberetning): Reason | undefined =>
  r.aleneLedighed === true
    ? undefined
    : {
        code: 'outside-personkreds',
        field: 'aleneLedighed',
        message: `The person receives ${r.ydelse.toLowerCase()} for other reasons than unemployment alone; § 37 covers only those whose only problem is unemployment.`,
      };
