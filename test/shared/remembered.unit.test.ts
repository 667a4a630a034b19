import { describe, expect, it } from 'vitest';
import { remembered } from '../../src/shared/remembered.ts';

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
});
