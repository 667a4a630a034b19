import { describe, expect, it } from 'vitest';
import { complianceCsv, complianceReport, complianceTable, latenessByKommune, type AlarmFacts, type ReceiptFacts } from '../../src/ops/index.ts';

const receipt = (id: string, vurdering: string, o: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  indberetningId: id, kommunekode: '101', paragraf: '§ 61', vurdering, udfald: 'LEVERET',
  modtagetTidspunkt: '2025-03-10T09:00:00Z', behandletTidspunkt: '2025-03-10T09:00:01Z', ...o,
});
const alarm = (id: string, o: Partial<AlarmFacts> = {}): AlarmFacts => ({ alarmId: id, type: 'MANGLENDE_INDBERETNING', kommunekode: '101', fristdato: '2025-03-12', tidspunkt: '2025-03-13T00:00:05Z', ...o });
const period = { from: '2025-03-01', to: '2025-03-31' };

describe('complianceReport: per kommune and paragraph over a period', () => {
  it('given receipts of every kind, counts them in their columns', () => {
    const rows = complianceReport([
      receipt('a', 'on-time'), receipt('b', 'on-time'), receipt('c', 'late'),
      receipt('d', 'premature', { paragraf: '§ 62 stk. 1 nr. 1' }), receipt('e', 'rejected', { paragraf: '§ 62 stk. 1 nr. 1' }),
      receipt('f', 'out-of-scope'),
    ], [], period);
    expect(rows).toEqual([
      { kommunekode: '101', paragraf: '§ 61', rettidig: 2, forsinket: 1, foertidlig: 0, afvist: 0, manglende: 0, andelForsinket: 1 / 3 },
      { kommunekode: '101', paragraf: '§ 62 stk. 1 nr. 1', rettidig: 0, forsinket: 0, foertidlig: 1, afvist: 1, manglende: 0, andelForsinket: 0 },
    ]);
  });

  it('counts each report id once, by its latest receipt (a held report released on time)', () => {
    const rows = complianceReport([
      receipt('h', 'on-time', { behandletTidspunkt: '2025-03-15T00:00:01Z' }),
      receipt('h', 'premature', { behandletTidspunkt: '2025-03-10T09:00:01Z' }),
      receipt('x', 'late'), receipt('x', 'late', { udfald: 'DUBLET', behandletTidspunkt: '2025-03-11T00:00:00Z' }),
    ], [], period);
    expect(rows[0]).toMatchObject({ rettidig: 1, forsinket: 1, foertidlig: 0 });
  });

  it('places a report in the period of its arrival at the hub, by the Copenhagen day', () => {
    // 22:30Z on 31 March is 00:30 on 1 April in Copenhagen (CEST): outside March.
    const rows = complianceReport([receipt('late-night', 'on-time', { modtagetTidspunkt: '2025-03-31T22:30:00Z' }), receipt('first', 'on-time', { modtagetTidspunkt: '2025-02-28T23:30:00Z' })], [], period);
    expect(rows).toEqual([expect.objectContaining({ rettidig: 1 })]);
  });

  it('counts missing reports from distinct MANGLENDE_INDBERETNING alarms due in the period', () => {
    const rows = complianceReport([], [alarm('m1'), alarm('m1'), alarm('m2', { kommunekode: '147' }), alarm('m3', { fristdato: '2025-04-02' }), alarm('u1', { type: 'IKKE_ROUTBAR' })], period);
    expect(rows.map((r) => [r.kommunekode, r.paragraf, r.manglende])).toEqual([['101', '§ 62 stk. 1 nr. 2', 1], ['147', '§ 62 stk. 1 nr. 2', 1]]);
  });

  it('ranks jobcentres by late and missing reports, and renders csv and a table', () => {
    const rows = complianceReport([receipt('a', 'late', { kommunekode: '147' }), receipt('b', 'on-time'), receipt('c', 'late', { kommunekode: '147', paragraf: 'a, "quoted"' })], [alarm('m', { kommunekode: '101' })], period);
    expect(latenessByKommune(rows).map((k) => [k.kommunekode, k.forsinket, k.manglende])).toEqual([['147', 2, 0], ['101', 0, 1]]);
    const csv = complianceCsv(rows).split('\n');
    expect(csv[0]).toBe('kommunekode,paragraf,rettidig,forsinket,foertidlig,afvist,manglende,andelForsinket');
    expect(csv).toContain('147,"a, ""quoted""",0,1,0,0,0,1');
    expect(complianceTable(rows)).toMatch(/^kommune\s+paragraf\s+rettidig/);
  });
});
