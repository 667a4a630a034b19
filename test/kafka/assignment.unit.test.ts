// The partition processor's group assignment: as even as round-robin, and each partition to the
// member that already holds its state, so a restart or a second instance restores a delta only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignPartitions, decodeHolding, encodeHolding, type MemberHolding } from '../../src/kafka/assignment.ts';

const member = (memberId: string, held: Record<number, number> = {}): MemberHolding =>
  ({ memberId, held: new Map(Object.entries(held).map(([p, n]) => [Number(p), BigInt(n)])) });
const plain = (a: Map<string, number[]>) => Object.fromEntries(a);

describe('assignPartitions', () => {
  it('deals round-robin over the sorted member ids when no member holds state', () => {
    expect(plain(assignPartitions(5, [member('b'), member('a')]))).toEqual({ a: [0, 2, 4], b: [1, 3] });
  });

  it('gives the member with every store the larger share, and the cold member the rest', () => {
    // The national scenario's pair: A held all three partitions before B started.
    const a = member('z-warm', { 0: 900, 1: 800, 2: 700 });
    expect(plain(assignPartitions(3, [member('a-cold'), a]))).toEqual({ 'a-cold': [2], 'z-warm': [0, 1] });
  });

  it('gives each partition back to the member that held it, whatever the member ids sort as', () => {
    const members = [member('m3', { 0: 10, 3: 10 }), member('m1', { 1: 10, 4: 10 }), member('m2', { 2: 10, 5: 10 })];
    expect(plain(assignPartitions(6, members))).toEqual({ m1: [1, 4], m2: [2, 5], m3: [0, 3] });
  });

  it('prefers the fresher of two stores of a partition', () => {
    const stale = member('a', { 0: 100, 1: 100 });
    const fresh = member('b', { 0: 500 });
    expect(plain(assignPartitions(2, [stale, fresh]))).toEqual({ a: [1], b: [0] });
  });

  it('keeps the shares even though one member holds every store', () => {
    const all = member('a', { 0: 1, 1: 1, 2: 1, 3: 1 });
    expect(plain(assignPartitions(4, [all, member('b')]))).toEqual({ a: [0, 1], b: [2, 3] });
  });

  it('ignores what a member says about partitions the topic does not have', () => {
    expect(plain(assignPartitions(2, [member('a', { 7: 99, [-1]: 5 }), member('b', { 1: 3 })]))).toEqual({ a: [0], b: [1] });
  });

  it('deals every partition to exactly one member, shares differing by at most one', () => {
    const holdings = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }).chain((ids) =>
      fc.tuple(fc.integer({ min: 0, max: 24 }), fc.tuple(...ids.map((id) => fc.dictionary(fc.integer({ min: -2, max: 30 }).map(String), fc.nat(1000)).map((held) => member(id, held as Record<number, number>))))));
    fc.assert(fc.property(holdings, ([partitions, members]) => {
      const a = assignPartitions(partitions, members);
      const dealt = [...a.values()].flat().sort((x, y) => x - y);
      expect(dealt).toEqual(Array.from({ length: partitions }, (_, p) => p));
      const counts = [...a.values()].map((l) => l.length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      expect([...a.keys()].sort()).toEqual(members.map((m) => m.memberId).sort());
    }));
  });

  it('gives a partition held by one member only to that member while the shares allow it', () => {
    // Each of n members holds its own disjoint set of at most ⌊partitions / n⌋ partitions: all stay.
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.nat(), (n, perMember, seed) => {
      const partitions = n * perMember + (seed % n);
      const order = Array.from({ length: partitions }, (_, p) => p).sort((x, y) => ((x * 7919 + seed) % 101) - ((y * 7919 + seed) % 101));
      const members = Array.from({ length: n }, (_, i) => member(`m${i}`, Object.fromEntries(order.slice(i * perMember, (i + 1) * perMember).map((p) => [p, 1 + p]))));
      const a = assignPartitions(partitions, members);
      for (const m of members) for (const p of m.held.keys()) expect(a.get(m.memberId)).toContain(p);
    }));
  });
});

describe('holding in the group metadata', () => {
  it('survives encoding', () => {
    const held = new Map([[0, 12n], [11, 2n ** 40n]]);
    expect(decodeHolding(encodeHolding(held))).toEqual(held);
  });

  it('reads the user data of an older hub (empty) or of anything else as holding nothing', () => {
    expect(decodeHolding(Buffer.alloc(0)).size).toBe(0);
    expect(decodeHolding(undefined).size).toBe(0);
    expect(decodeHolding(Buffer.from('not json')).size).toBe(0);
    expect(decodeHolding(Buffer.from('{"held":{"x":"1","2":3,"4":"-5","6":"7"}}'))).toEqual(new Map([[6, 7n]]));
  });
});
