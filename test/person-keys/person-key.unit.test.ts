import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposalOf, proposalPartition, proposalRecordKey, winnersOf } from '../../src/person-keys/key-proposals.ts';
import { isPersonKey, legacyPersonKeyOf, lookupIdOf, newPersonKey, personKeyBytes } from '../../src/person-keys/person-key.ts';

const bytes = (fill: number) => new Uint8Array(16).fill(fill);

describe('a person key', () => {
  it('is pn and 26 base32 letters of 128 random bits, one for each draw', () => {
    expect(newPersonKey(bytes(0))).toBe(`pn${'a'.repeat(26)}`);
    expect(newPersonKey(bytes(255))).toBe(`pn${'7'.repeat(25)}4`);
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (a, b) => {
      expect(isPersonKey(newPersonKey(a))).toBe(true);
      expect(newPersonKey(a) === newPersonKey(b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
    }));
    expect(() => newPersonKey(new Uint8Array(8))).toThrow(RangeError);
  });

  it('cannot be mistaken for a key of the old keyed hash, and holds no CPR number', () => {
    expect(isPersonKey(legacyPersonKeyOf('s', '0101901234'))).toBe(false);
    expect(isPersonKey('pn0101901234aaaaaaaaaaaaaaaa')).toBe(false);
  });

  it('gives back the 16 bytes it was made from, and nothing for a value it never is', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (a) => {
      expect(Buffer.from(personKeyBytes(newPersonKey(a))!).equals(Buffer.from(a))).toBe(true);
    }));
    // The last letter's two padding bits set: the shape of a key, but no key newPersonKey writes.
    expect(personKeyBytes(`pn${'a'.repeat(25)}b`)).toBeUndefined();
    expect(personKeyBytes(legacyPersonKeyOf('s', '0101901234'))).toBeUndefined();
  });

  it('is filed under a lookup id that depends on the hub\'s secret', () => {
    expect(lookupIdOf('a', '0101901234')).toMatch(/^[0-9a-f]{32}$/);
    expect(lookupIdOf('a', '0101901234')).toBe(lookupIdOf('a', '0101901234'));
    expect(lookupIdOf('a', '0101901234')).not.toBe(lookupIdOf('b', '0101901234'));
  });
});

describe('the mapping topic\'s proposals', () => {
  const lookupId = lookupIdOf('s', '0101901234');
  const first = { lookupId, personKey: newPersonKey(bytes(1)) };
  const second = { lookupId, personKey: newPersonKey(bytes(2)) };

  it('read back what they wrote, and nothing else', () => {
    expect(proposalOf(proposalRecordKey(first), first.personKey)).toEqual(first);
    expect(proposalOf(proposalRecordKey(first), null)).toBeUndefined();
    expect(proposalOf(proposalRecordKey(first), second.personKey)).toBeUndefined();
    expect(proposalOf('0101901234.x', 'x')).toBeUndefined();
  });

  it('given a first and a second proposal for one person, when read in order, then the first wins, also against what was known', () => {
    expect([...winnersOf(() => undefined, [first, second])]).toEqual([[lookupId, first.personKey]]);
    expect([...winnersOf(() => second.personKey, [first])]).toEqual([]);
  });

  it('put every proposal for a lookup id on one partition', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), fc.integer({ min: 1, max: 64 }), (id, n) => {
      const p = proposalPartition(id, n);
      expect(p).toBe(proposalPartition(id, n));
      expect(p >= 0 && p < n).toBe(true);
    }));
  });
});
