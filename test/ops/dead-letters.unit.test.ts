import { describe, expect, it } from 'vitest';
import { matchesId, selectDeadLetters, type DeadLetter } from '../../src/ops/index.ts';

const dl = (id: string, kode: string, o: Partial<DeadLetter> = {}): DeadLetter => {
  const [partition, offset] = id.split(':') as [string, string];
  return {
    id, partition: Number(partition), offset, kode, aarsag: 'why', indberetningId: `r-${id}`, kildesystem: 's', kildeTopic: 'hub.indberetninger',
    kildePartition: 0, kildeOffset: '0', noegle: 'k', original: Buffer.from('x'), tidspunkt: '2025-01-01T00:00:00Z', replayed: null, ...o,
  };
};

const all = [dl('0:1', 'UNKNOWN_FUND'), dl('0:3', 'DELIVERY_FAILED', { kildeTopic: 'hub.akasse.aak' }), dl('1:1', 'DECODE_FAILED', { indberetningId: null }), dl('0:2', 'UNKNOWN_FUND', { replayed: { at: '2025-01-02T00:00:00Z', to: 'x' } })];

const inboundTopic = 'hub.indberetninger';

describe('choosing dead letters to replay', () => {
  it('matches <partition>:<offset>, a bare offset in any partition, or the report id', () => {
    expect(all.filter((d) => matchesId(d, '1')).map((d) => d.id)).toEqual(['0:1', '1:1']);
    expect(all.filter((d) => matchesId(d, '3')).map((d) => d.id)).toEqual(['0:3']);
    expect(all.filter((d) => matchesId(d, '0:2')).map((d) => d.id)).toEqual(['0:2']);
    expect(all.filter((d) => matchesId(d, 'r-0:1')).map((d) => d.id)).toEqual(['0:1']);
  });

  it('skips replayed and undecodable ones unless asked, saying why', () => {
    const { chosen, skipped } = selectDeadLetters(all, { kind: 'all' }, { inboundTopic });
    expect(chosen.map((d) => d.id)).toEqual(['0:1']);
    expect(skipped.map((s) => [s.deadLetter.id, s.why])).toEqual([
      ['0:3', 'not an inbound report (from hub.akasse.aak); a failed push is retried by pushing, not replayed'],
      ['1:1', 'undecodable bytes would fail again'], ['0:2', 'already replayed 2025-01-02T00:00:00Z'],
    ]);
    expect(selectDeadLetters(all, { kind: 'code', code: 'DECODE_FAILED' }, { inboundTopic, includeUndecodable: true }).chosen.map((d) => d.id)).toEqual(['1:1']);
    expect(selectDeadLetters(all, { kind: 'ids', ids: ['0:2'] }, { inboundTopic, includeReplayed: true }).chosen.map((d) => d.id)).toEqual(['0:2']);
    expect(selectDeadLetters(all, { kind: 'code', code: 'DELIVERY_FAILED' }, { inboundTopic, includeReplayed: true, includeUndecodable: true }).chosen).toEqual([]);
  });
});
