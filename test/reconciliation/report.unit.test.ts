import { describe, expect, it } from 'vitest';
import { afstemningSummary, afvigelseRecord, afvigelserCsv, latestAfvigelser, reconciliationOutputsOf, selectAfvigelser, type AfvigelseRecord } from '../../src/reconciliation/index.ts';
import { topicNames } from '../../src/config/topics.ts';
import { tomtRegnskab } from '../../src/rules/afstemning/index.ts';

const rec = (id: string, over: Partial<AfvigelseRecord> = {}): AfvigelseRecord => ({
  afvigelseId: id, status: 'AABEN', regel: 'kontaktgruppe-ydelse', paragraf: '§ 9', kapitel: 2, personnoegle: 'k1', kommunekode: '101',
  fradato: '2026-03-15', tildato: '2026-03-31', kilde: 'udbetaling:u1', beskrivelse: 'DAGPENGE paid, "kontaktgruppe 2"', aabnetTidspunkt: '2026-04-06T08:00:00.000Z', lukketTidspunkt: null, ...over,
});

describe('reading the discrepancies', () => {
  it('keeps the latest record of each id, selects by municipality and overlapping period, and sums per municipality and paragraph', () => {
    const latest = latestAfvigelser([rec('a'), rec('b', { kommunekode: '147', paragraf: '§ 56' }), rec('a', { status: 'LUKKET', lukketTidspunkt: '2026-04-07T08:00:00.000Z' }), rec('c', { fradato: '2026-05-01', tildato: '2026-05-31' })]);
    expect(latest.map((r) => [r.afvigelseId, r.status])).toEqual([['a', 'LUKKET'], ['b', 'AABEN'], ['c', 'AABEN']]);
    expect(selectAfvigelser(latest, { kommunekode: '101', from: '2026-03-01', to: '2026-03-31' }).map((r) => r.afvigelseId)).toEqual(['a']);
    expect(selectAfvigelser(latest, { from: '2026-03-31', to: '2026-04-30', kunAabne: true }).map((r) => r.afvigelseId)).toEqual(['b']);
    expect(afstemningSummary(latest)).toEqual([
      { kommunekode: '101', paragraf: '§ 9', aabne: 1, lukkede: 1 },
      { kommunekode: '147', paragraf: '§ 56', aabne: 1, lukkede: 0 },
    ]);
  });

  it('writes RFC 4180 CSV: a header, quotes doubled, an empty closing time for an open one', () => {
    const csv = afvigelserCsv([rec('a')]);
    expect(csv.split('\n')[1]).toBe('101,§ 9,AABEN,2026-03-15,2026-03-31,k1,udbetaling:u1,2026-04-06T08:00:00.000Z,,"DAGPENGE paid, ""kontaktgruppe 2"""');
  });
});

describe('what a reconciliation batch writes', () => {
  it('a discrepancy keyed by its id (no CPR), closed with its time; each person\'s ledger once, on the input\'s partition', () => {
    const topics = topicNames('t');
    const afvigelse = { ...rec('x'), regel: 'kontaktgruppe-ydelse' as const, aabnet: Date.parse('2026-04-06T08:00:00Z') };
    const { status: _, aabnetTidspunkt: __, lukketTidspunkt: ___, ...plain } = afvigelse;
    const closed = afvigelseRecord(topics, { status: 'LUKKET', afvigelse: plain as never, lukket: Date.parse('2026-04-07T08:00:00Z') });
    expect(closed).toMatchObject({ topic: 't.afvigelser', key: 'x', value: { status: 'LUKKET', lukketTidspunkt: '2026-04-07T08:00:00.000Z', aabnetTidspunkt: '2026-04-06T08:00:00.000Z' } });
    const out = reconciliationOutputsOf({ topics, partition: 1, processedAt: 0, aendringer: [], regnskaber: new Map([['k1', tomtRegnskab()]]) });
    expect(out.records).toEqual([expect.objectContaining({ topic: 't.afstemning', key: 'k1', partition: 1 })]);
    expect(out.changes).toEqual([{ kind: 'afstemning', personKey: 'k1', regnskab: tomtRegnskab() }]);
  });
});
