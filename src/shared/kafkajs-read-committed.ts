import { createRequire } from 'node:module';
import { HubError } from './errors.ts';

/**
 * kafkajs 2.2.4 hands a read_committed reader some records of aborted transactions when a fetch
 * begins inside more than one of them (it activated one aborted transaction per record, Java's
 * consumer activates every one that has begun). The hub's own readers (state follower, scheduler,
 * tail, tools) and its tests read this way, so `npm install` applies patches/kafkajs+2.2.4.patch.
 * An install that skipped the patch would quietly see aborted records as if committed; this check
 * runs kafkajs's filter on that very case and refuses to go on without the fix.
 */
type Filter = (input: { messages: unknown[]; abortedTransactions: unknown[] }) => unknown[];

const record = (offset: string, producerId: string) => ({
  offset, key: Buffer.from('k'), isControlRecord: false, batchContext: { producerId, inTransaction: true },
});

let checked = false;

export const assertReadCommittedFilterFixed = (): void => {
  if (checked) return;
  const filter = createRequire(import.meta.url)('kafkajs/src/consumer/filterAbortedMessages.js') as Filter;
  // A fetch from offset 5 inside two aborted transactions (producer 1 from offset 0, producer 2 from 1):
  // the record of producer 2 comes first and must be dropped like the one of producer 1.
  const kept = filter({ messages: [record('5', '2'), record('6', '1')], abortedTransactions: [{ producerId: '1', firstOffset: '0' }, { producerId: '2', firstOffset: '1' }] });
  if (kept.length > 0) {
    throw new HubError('KAFKA_CLIENT_UNPATCHED', 'kafkajs would pass records of aborted transactions to read_committed readers: run `npm install` without --ignore-scripts so that patches/kafkajs+2.2.4.patch is applied');
  }
  checked = true;
};
