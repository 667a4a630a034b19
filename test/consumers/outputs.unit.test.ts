// What one processed report writes, decided without I/O: given a plan, when its outputs are built,
// then these records on these topics (changelog records pinned to the report's partition).
import { describe, expect, it } from 'vitest';
import { topicNames } from '../../src/config/topics.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { forwardedOf, offerCheckOutputs, outputsOf, type ReportOutputsInput } from '../../src/consumers/outputs.ts';
import type { Verdict } from '../../src/rules/verdict.ts';

const topics = topicNames('t');
const onTime: Verdict = { kind: 'on-time', paragraph: '§ 62', dueDate: '2026-12-01', warnings: [] };
const offerStart = {
  indberetningId: 'r1', kildesystem: 'sys', kommunekode: '101', cpr: '0101901234', haendelsesdato: '2026-12-01', haendelsestype: 'tilbud-start',
  tilbud: { tilbudId: 't1', slutdato: '2026-12-20', virksomhed: { cvr: '12345678' } },
};
const given = (over: Partial<ReportOutputsInput>): ReportOutputsInput => ({
  topics, source: { topic: topics.indberetninger, partition: 4, offset: '17', key: 'pk', value: Buffer.from('avro') },
  kapitel: 11, report: offerStart, personKey: 'pk', verdict: onTime,
  plan: { udfald: 'LEVERET', deliveries: [{ to: 'fund', akasse: 'aak' }, { to: 'datavarehus' }], pending: [], reasons: [] },
  firstReceivedAt: Date.parse('2026-12-01T09:00:00Z'), processedAt: Date.parse('2026-12-01T09:00:01Z'),
  shares: [{ topic: topics.danmarksStatistik(11), value: { minimised: true } }], wrapReport: (k, r) => ({ [`branch${k}`]: r }),
  ...over,
});
const onTopics = (records: ReadonlyArray<{ topic: string }>) => records.map((r) => r.topic);

describe('outputsOf', () => {
  it('a delivered offer start: notification, warehouse and share, the delivered id and the offer on the changelog, then the receipt', () => {
    const { records, changes } = outputsOf(given({}));
    expect(onTopics(records)).toEqual([topics.fund('aak'), topics.datavarehus, topics.danmarksStatistik(11), topics.leveringer, topics.leveringer, topics.kvitteringer]);
    expect(records.filter((r) => r.topic === topics.leveringer).map((r) => [r.key, r.partition])).toEqual([['d:sys:r1', 4], ['o:sys:t1', 4]]);
    expect(changes).toEqual([
      { kind: 'delivered', reportId: 'sys:r1', at: Date.parse('2026-12-01T09:00:01Z') },
      { kind: 'offer', offerId: 'sys:t1', offer: { ended: false, slutdato: '2026-12-20' } },
    ]);
    const receipt = records.at(-1)!;
    expect(receipt.key).toBe('r1');
    expect(receipt.value).toMatchObject({ udfald: 'LEVERET', modtagere: [topics.fund('aak'), topics.datavarehus, topics.danmarksStatistik(11)] });
    // No CPR in any key.
    expect(records.every((r) => !String(r.key).includes('0101901234'))).toBe(true);
  });

  it('the delivered change carries the marker the shell looked the id up with, when it passes one', () => {
    const marker = new Uint8Array(12).fill(7);
    expect(outputsOf(given({ deliveredMarker: marker })).changes[0]).toEqual({ kind: 'delivered', reportId: 'sys:r1', at: Date.parse('2026-12-01T09:00:01Z'), marker });
  });

  it('an end report of an offer whose state is known ends it', () => {
    const { changes } = outputsOf(given({ report: { ...offerStart, indberetningId: 'r2', haendelsestype: 'tilbud-slut' }, offer: { ended: false, slutdato: '2026-12-20' } }));
    expect(changes).toContainEqual({ kind: 'offer', offerId: 'sys:t1', offer: { ended: true, slutdato: '2026-12-20' } });
  });

  it('a chapter 2 change of kontaktgruppe goes to personstatus on the report\'s partition', () => {
    const { records, changes } = outputsOf(given({ kapitel: 2, report: { ...offerStart, tilbud: undefined }, kontaktgruppe: { kontaktgruppe: 3 }, plan: { udfald: 'LEVERET', deliveries: [{ to: 'datavarehus' }], pending: [], reasons: [] } }));
    expect(records.find((r) => r.topic === topics.personstatus)).toMatchObject({ key: 'pk', partition: 4, value: { kontaktgruppe: 3, indberetningId: 'r1' } });
    expect(changes).toContainEqual({ kind: 'kontaktgruppe', personKey: 'pk', kontaktgruppe: 3, at: Date.parse('2026-12-01T09:00:01Z') });
  });

  it('a duplicate writes only its receipt and changes nothing', () => {
    const { records, changes } = outputsOf(given({ plan: { udfald: 'DUBLET', deliveries: [], pending: [], reasons: [{ code: 'already-delivered', message: 'x' }] } }));
    expect(onTopics(records)).toEqual([topics.kvitteringer]);
    expect(changes).toEqual([]);
  });

  it('a report held until its release day waits with its original bytes and changes nothing', () => {
    const { records, changes } = outputsOf(given({ plan: { udfald: 'TILBAGEHOLDT', deliveries: [], pending: [{ grund: 'TILBAGEHOLDT', releaseAt: 123 }], reasons: [] } }));
    expect(onTopics(records)).toEqual([topics.ventende, topics.kvitteringer]);
    expect(records[0]!.value).toMatchObject({ grund: 'TILBAGEHOLDT', frigivesTidspunkt: 123, noegle: 'pk', original: Buffer.from('avro') });
    expect(changes).toEqual([]);
  });

  it('an unroutable report is dead-lettered with an alarm to its municipality', () => {
    const { records } = outputsOf(given({ plan: { udfald: 'DOEDT_BREV', deliveries: [], pending: [], reasons: [], deadLetter: { kode: 'UNKNOWN_FUND', aarsag: 'no fund for 0101901234' } } }));
    expect(onTopics(records)).toEqual([topics.doedeBreve, topics.alarmer, topics.kvitteringer]);
    expect(records[0]!.value).toMatchObject({ kode: 'UNKNOWN_FUND', kildeOffset: '17', kildePartition: 4 });
    expect(JSON.stringify(records[0]!.value)).not.toContain('0101901234');
    expect(records[1]).toMatchObject({ key: '101', value: { type: 'IKKE_ROUTBAR', indberetningId: 'r1' } });
  });
});

describe('offerCheckOutputs', () => {
  it('alarms only when the end is missing', () => {
    expect(offerCheckOutputs(topics, { report: offerStart, indberetningId: 'r1', fristdato: '2026-12-20', missing: false, at: 0 })).toEqual([]);
    const [alarm] = offerCheckOutputs(topics, { report: offerStart, indberetningId: 'r1', fristdato: '2026-12-20', missing: true, at: 0 });
    expect(alarm).toMatchObject({ topic: topics.alarmer, key: '101', value: { alarmId: 'mangler.sys:t1.2026-12-20', type: 'MANGLENDE_INDBERETNING', tilbudId: 't1' } });
  });
});

describe('deadLetterOf', () => {
  it('masks a CPR number a sender put in a header-borne id', async () => {
    const { deadLetterOf } = await import('../../src/consumers/outputs.ts');
    const record = deadLetterOf(topics, { topic: topics.indberetninger, partition: 0, offset: '1', key: null, value: Buffer.alloc(0) }, {
      indberetningId: '0511750067', kildesystem: 'sys-0511750067', kode: 'DECODE_FAILED', aarsag: 'bad bytes', noegle: null, at: 0,
    });
    expect(JSON.stringify(record.value)).not.toContain('0511750067');
    expect(record.value).toMatchObject({ indberetningId: '[CPR]', kildesystem: 'sys-[CPR]' });
  });
});

describe('forwardedOf', () => {
  const source = { topic: topics.indberetninger, partition: 1, offset: '9', key: 'an-old-key', value: Buffer.from('avro') };
  it('given a report under another key than its person\'s, sends its bytes on under the person\'s key, to be judged at its first receipt', () => {
    const record = forwardedOf(topics, source, { [HEADERS.kildesystem]: 'sys' }, 'pnkey', 1000);
    expect(record).toEqual({ topic: topics.indberetninger, key: 'pnkey', value: source.value, encoded: true,
      headers: { [HEADERS.kildesystem]: 'sys', [HEADERS.foersteModtagelse]: '1000', [HEADERS.vurderingstid]: '1000' } });
  });
  it('keeps the moments a held report already carries', () => {
    const record = forwardedOf(topics, source, { [HEADERS.foersteModtagelse]: '5', [HEADERS.vurderingstid]: '7' }, 'pnkey', 1000);
    expect(record.headers).toEqual({ [HEADERS.foersteModtagelse]: '5', [HEADERS.vurderingstid]: '7' });
  });
});
