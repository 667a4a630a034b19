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
      kind: fc.constantFrom('accepted', 'rejected', 'late', ''),
      paragraf: fc.constantFrom('§ 60', '§ 62', '§ 63'),
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
    }), { numRuns: 200 });
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
});
