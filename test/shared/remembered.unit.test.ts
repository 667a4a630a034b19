import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { remembered, rememberedTwo } from '../../src/shared/remembered.ts';

describe('remembered', () => {
  it('asks f once per key, remembers undefined answers, and forgets what f threw on', () => {
    const asked: string[] = [];
    const f = remembered((key: string) => {
      asked.push(key);
      if (key === 'bad') throw new RangeError('bad key');
      return key === 'none' ? undefined : key.length;
    });
    expect([f('abc'), f('abc'), f('none'), f('none')]).toEqual([3, 3, undefined, undefined]);
    expect(() => f('bad')).toThrow(RangeError);
    expect(() => f('bad')).toThrow(RangeError);
    expect(asked).toEqual(['abc', 'none', 'bad', 'bad']);
  });

  it('starts over past its limit, so its memory stays bounded', () => {
    let calls = 0;
    const f = remembered((n: number) => { calls++; return n * 2; }, 3);
    for (const n of [1, 2, 3]) f(n);
    expect(calls).toBe(3);
    f(4); // the fourth answer clears the first three
    f(1);
    expect(calls).toBe(5);
    expect(f(4)).toBe(8);
    expect(calls).toBe(5);
  });

  it('rememberedTwo: every answer is f\'s, and f is asked again only for a key not among the last two asked', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }), (keys) => {
      const asked: number[] = [];
      const f = rememberedTwo((n: number) => { asked.push(n); return `#${n}`; });
      const expected: number[] = [];
      keys.forEach((k, i) => {
        expect(f(k)).toBe(`#${k}`);
        const recent = [...new Set(keys.slice(0, i).reverse())].slice(0, 2);
        if (!recent.includes(k)) expected.push(k);
      });
      expect(asked).toEqual(expected);
    }));
    const g = rememberedTwo((n: number) => { if (Number.isNaN(n)) throw new RangeError('no number'); return n; });
    expect(() => g(Number.NaN)).toThrow(RangeError);
    expect(g(1)).toBe(1);
  });
});
