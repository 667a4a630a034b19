import { describe, expect, it } from 'vitest';
import { planMigration, type MigrationInput } from '../../src/person-keys/migration-plan.ts';
import { legacyPersonKeyOf, newPersonKey } from '../../src/person-keys/person-key.ts';

const topics = { medlemskab: 'm', personstatus: 's', leveringer: 'l' };
const cpr = '0101901234';
const old = legacyPersonKeyOf('old', cpr);
const fresh = newPersonKey(new Uint8Array(16).fill(7));
const v = (text: string) => Buffer.from(text);

/** Given what the topics hold, when planned: the records written and the counts. */
const given = (stored: Partial<Pick<MigrationInput, 'medlemskab' | 'personstatus' | 'leveringer'>>) => planMigration({
  topics, medlemskab: [], personstatus: [], leveringer: [], ...stored,
  cprOfLegacyKey: new Map([[old, cpr]]), cprOfDelivery: new Map([['d:sys:r1', cpr]]), newKeyOf: new Map([[cpr, fresh]]),
  partitionOf: () => 2,
});

describe('planMigration', () => {
  it('copies a membership to the new key on its partition and tombstones the old key', () => {
    const plan = given({ medlemskab: [{ partition: 0, key: old, value: v('aak') }] });
    expect(plan.records).toEqual([{ topic: 'm', partition: 2, key: fresh, value: v('aak') }, { topic: 'm', partition: 0, key: old, value: null }]);
    expect(plan.counts.medlemskab).toEqual({ moved: 1, done: 0, unresolved: 0 });
  });

  it('keeps what the new key holds already (newer), and still tombstones the old key: an interrupted run resumes', () => {
    const plan = given({ personstatus: [{ partition: 0, key: old, value: v('kg 1') }, { partition: 2, key: fresh, value: v('kg 3') }] });
    expect(plan.records).toEqual([{ topic: 's', partition: 0, key: old, value: null }]);
  });

  it('writes nothing after a complete run', () => {
    const plan = given({
      medlemskab: [{ partition: 0, key: old, value: null }, { partition: 2, key: fresh, value: v('aak') }],
      leveringer: [{ partition: 0, key: 'd:sys:r1', value: v('LEVERET') }, { partition: 2, key: 'd:sys:r1', value: v('LEVERET') }],
    });
    expect(plan.records).toEqual([]);
    expect(plan.counts.medlemskab).toEqual({ moved: 0, done: 2, unresolved: 0 });
    expect(plan.counts.leveringer).toEqual({ moved: 0, done: 2, unresolved: 0 });
  });

  it('moves a delivery to its person\'s new partition under the same key', () => {
    const plan = given({ leveringer: [{ partition: 0, key: 'd:sys:r1', value: v('LEVERET') }] });
    expect(plan.records).toEqual([{ topic: 'l', partition: 2, key: 'd:sys:r1', value: v('LEVERET') }]);
  });

  it('leaves and counts records of persons it has no CPR number for', () => {
    const plan = given({ personstatus: [{ partition: 1, key: legacyPersonKeyOf('old', '0202020000'), value: v('kg') }], leveringer: [{ partition: 1, key: 'd:sys:gone', value: v('x') }] });
    expect(plan.records).toEqual([]);
    expect(plan.counts.personstatus.unresolved + plan.counts.leveringer.unresolved).toBe(2);
  });
});
