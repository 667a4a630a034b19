// A batch's counts, summed by label set, reach the counters as the same calls one by one would.
import fc from 'fast-check';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { batchTally } from '../../src/ops/metrics.ts';

const counterPair = () => {
  const registry = new Registry();
  const make = (name: string) => new Counter({ name, help: name, labelNames: ['kind', 'paragraf'], registers: [registry] });
  return { direct: make('direct_total'), tallied: make('tallied_total'), other: make('other_total') };
};

const byLabels = async (counter: Counter<string>) =>
  Object.fromEntries((await counter.get()).values.map((v) => [`${v.labels.kind}|${v.labels.paragraf}`, v.value]));

describe('batchTally', () => {
  it('gives each counter the sums of its label sets, whatever the order of the calls and of the labels', async () => {
    const call = fc.record({
      // values that could run together if joined with a separator ('a\u0000' + 'b' and 'a' + '\u0000b')
      kind: fc.constantFrom('accepted', '', 'a', 'a\u0000', '1:a'),
      paragraf: fc.constantFrom('§ 60', 'b', '\u0000b', '1:b'),
      swapped: fc.boolean(),
      other: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(fc.array(fc.array(call, { maxLength: 40 }), { maxLength: 5 }), async (batches) => {
      const { direct, tallied, other } = counterPair();
      const expectedOther = counterPair().direct;
      for (const batch of batches) {
        const counts = batchTally();
        for (const c of batch) {
          const labels = c.swapped ? { paragraf: c.paragraf, kind: c.kind } : { kind: c.kind, paragraf: c.paragraf };
          counts.inc(c.other ? other : tallied, labels);
          (c.other ? expectedOther : direct).inc(labels);
        }
        counts.flush();
      }
      expect(await byLabels(tallied)).toEqual(await byLabels(direct));
      expect(await byLabels(other)).toEqual(await byLabels(expectedOther));
    }), { numRuns: 500 });
  });

  it('counts nothing until flushed, and a flush starts it again', async () => {
    const { tallied } = counterPair();
    const counts = batchTally();
    counts.inc(tallied, { kind: 'accepted', paragraf: '§ 60' });
    counts.inc(tallied, { kind: 'accepted', paragraf: '§ 60' });
    expect(await byLabels(tallied)).toEqual({});
    counts.flush();
    counts.flush();
    expect(await byLabels(tallied)).toEqual({ 'accepted|§ 60': 2 });
  });

  it('keeps apart label sets whose values would read the same run together', async () => {
    const { tallied } = counterPair();
    const counts = batchTally();
    counts.inc(tallied, { kind: 'a\u0000', paragraf: 'b' });
    counts.inc(tallied, { kind: 'a', paragraf: '\u0000b' });
    counts.inc(tallied, { kind: '1:a', paragraf: 'b' });
    counts.inc(tallied, { kind: '1', paragraf: 'a1:b' });
    counts.flush();
    expect(await byLabels(tallied)).toEqual({ 'a\u0000|b': 1, 'a|\u0000b': 1, '1:a|b': 1, '1|a1:b': 1 });
  });
});
