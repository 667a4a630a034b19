// The read_committed filter kafkajs runs on every fetch (patched, see src/shared/kafkajs-patches.ts),
// checked against a model of the log: for any interleaving of transactions from several producers,
// committed or aborted, and any fetch start, it keeps exactly the records a committed reader may see.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertKafkajsPatched } from '../../src/kafka/patches.ts';

type Message = { offset: string; key: Buffer | null; value: string; isControlRecord: boolean; batchContext: { producerId: string; inTransaction: boolean } };
type Filter = (input: { messages: Message[]; abortedTransactions: Array<{ producerId: string; firstOffset: string }> }) => Message[];
const filter = createRequire(import.meta.url)('kafkajs/src/consumer/filterAbortedMessages.js') as Filter;

/** A step of one of three producers: a record in its transaction, a plain record, or the end of its transaction. */
const step = fc.record({ producer: fc.integer({ min: 1, max: 3 }), kind: fc.constantFrom('record', 'record', 'record', 'plain', 'commit', 'abort') });

/** Builds the log and, for a fetch from `from`, what the broker sends and what a committed reader may see. */
const scenario = (steps: Array<{ producer: number; kind: string }>, fromFraction: number) => {
  const log: Message[] = [];
  const open = new Map<number, { first: number; records: number[] }>();
  const aborted: Array<{ producerId: string; firstOffset: number; lastOffset: number }> = [];
  const visible = new Set<number>();
  const end = (producer: number, commit: boolean) => {
    const txn = open.get(producer);
    if (!txn) return;
    open.delete(producer);
    const offset = log.length;
    log.push({ offset: String(offset), key: Buffer.from([0, 0, 0, commit ? 1 : 0]), value: commit ? 'COMMIT' : 'ABORT', isControlRecord: true, batchContext: { producerId: String(producer), inTransaction: true } });
    if (commit) txn.records.forEach((r) => visible.add(r));
    else aborted.push({ producerId: String(producer), firstOffset: txn.first, lastOffset: offset });
  };
  for (const { producer, kind } of steps) {
    if (kind === 'commit' || kind === 'abort') { end(producer, kind === 'commit'); continue; }
    const inTransaction = kind === 'record';
    // A producer writes plain records only outside a transaction of its own.
    if (!inTransaction && open.has(producer)) end(producer, true);
    const offset = log.length;
    log.push({ offset: String(offset), key: Buffer.from('k'), value: `${producer}@${offset}`, isControlRecord: false, batchContext: { producerId: String(producer), inTransaction } });
    if (inTransaction) {
      const txn = open.get(producer) ?? { first: offset, records: [] };
      txn.records.push(offset);
      open.set(producer, txn);
    } else visible.add(offset);
  }
  // The broker serves read_committed readers up to the last stable offset: end what is still open.
  for (const producer of [...open.keys()]) end(producer, false);
  const from = Math.floor(fromFraction * log.length);
  return {
    messages: log.slice(from),
    // As the broker answers a fetch: every aborted transaction whose abort marker lies at or after the start.
    abortedTransactions: aborted.filter((t) => t.lastOffset >= from).sort((a, b) => a.firstOffset - b.firstOffset).map((t) => ({ producerId: t.producerId, firstOffset: String(t.firstOffset) })),
    expected: log.slice(from).filter((m) => !m.isControlRecord && visible.has(Number(m.offset))).map((m) => m.value),
  };
};

describe('kafkajs read_committed filter', () => {
  it('keeps exactly the committed and non-transactional records, wherever the fetch starts', () => {
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (steps, fromFraction) => {
      const { messages, abortedTransactions, expected } = scenario(steps, fromFraction);
      const kept = filter({ messages, abortedTransactions }).filter((m) => !m.isControlRecord).map((m) => m.value);
      expect(kept).toEqual(expected);
    }), { numRuns: 2000 });
  });

  it('is the mended filter (the hub refuses to start with the original one)', () => {
    expect(() => assertKafkajsPatched()).not.toThrow();
  });
});
