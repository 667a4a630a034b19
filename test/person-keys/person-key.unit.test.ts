import { createHmac } from 'node:crypto';
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

  it('gives bytes for exactly the values of a key\'s shape whose padding bits are clear', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz234567', 'A', 'Z', '0', '1', '8', '9', '-', 'æ', '\u0000', '\u{1F600}');
    const keyish = fc.tuple(fc.constantFrom('pn', 'pm', 'Pn', ''), fc.array(letter, { minLength: 24, maxLength: 28 })).map(([p, l]) => p + l.join(''));
    fc.assert(fc.property(fc.oneof(keyish, fc.string()), (value) => {
      const read = personKeyBytes(value);
      if (!isPersonKey(value)) expect(read).toBeUndefined();
      else if (read === undefined) expect('abcdefghijklmnopqrstuvwxyz234567'.indexOf(value.at(-1)!) & 3).not.toBe(0);
      else expect(newPersonKey(read)).toBe(value);
    }), { numRuns: 2000 });
  });

  it('is filed under a lookup id that depends on the hub\'s secret', () => {
    expect(lookupIdOf('a', '0101901234')).toMatch(/^[0-9a-f]{32}$/);
    expect(lookupIdOf('a', '0101901234')).toBe(lookupIdOf('a', '0101901234'));
    expect(lookupIdOf('a', '0101901234')).not.toBe(lookupIdOf('b', '0101901234'));
  });

  it('is HMAC-SHA256 keyed with the secret\'s UTF-8 bytes, its first 128 bits in hex', () => {
    // RFC 2104's construction as every library computes it (the digest of this pair is a published example).
    expect(lookupIdOf('key', 'The quick brown fox jumps over the lazy dog')).toBe('f7bc83f430538424b13298e6aa6fb143');
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 3 }), fc.stringMatching(/^\d{10}$/), (secrets, cpr) => {
      for (const secret of [...secrets, secrets[0]!]) {
        expect(lookupIdOf(secret, cpr)).toBe(createHmac('sha256', Buffer.from(secret, 'utf8')).update(cpr).digest('hex').slice(0, 32));
      }
    }));
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
