import { describe, expect, it } from 'vitest';
import { HEADERS } from '../../src/config/headers.ts';
import { topicNames } from '../../src/config/topics.ts';
import { jobIdOf } from '../../src/delivery/queues.ts';
import { kontrolIdOf, kontrolMessageOf, kontrolRecord } from '../../src/reconciliation/index.ts';

const topics = topicNames('hub');
const PERSON = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

describe('a reconciliation re-check', () => {
  it('waits on hub.ventende keyed by the person, one id per person and day, so the scheduler makes it one job', () => {
    const at = Date.parse('2026-03-07T23:00:00Z');
    const a = kontrolRecord(topics, { personKey: PERSON, dag: '2026-03-08', at, processedAt: 1 });
    const again = kontrolRecord(topics, { personKey: PERSON, dag: '2026-03-08', at, processedAt: 2 });
    expect(a).toMatchObject({ topic: topics.ventende, key: PERSON, value: { grund: 'KONTROL_AFSTEMNING', fristdato: '2026-03-08', frigivesTidspunkt: at, noegle: PERSON, forsoeg: 0 } });
    const job = (r: typeof a) => { const v = r.value as { grund: string; indberetningId: string; forsoeg: number }; return jobIdOf(v.grund, v.indberetningId, v.forsoeg); };
    expect(job(again)).toBe(job(a));
    expect(job(kontrolRecord(topics, { personKey: PERSON, dag: '2026-03-09', at, processedAt: 1 }))).not.toBe(job(a));
    expect((a.value as { indberetningId: string }).indberetningId).toBe(kontrolIdOf(PERSON, '2026-03-08'));
  });

  it('comes back as an empty record on the payments topic, keyed by the person, marked as a check at its moment', () => {
    expect(kontrolMessageOf(topics, { noegle: PERSON, frigivesTidspunkt: 1234, fristdato: '2026-03-08' })).toEqual({
      topic: topics.udbetalinger, key: PERSON, value: Buffer.alloc(0),
      headers: { [HEADERS.kontrol]: 'KONTROL_AFSTEMNING', [HEADERS.vurderingstid]: '1234', [HEADERS.fristdato]: '2026-03-08' },
    });
  });
});
