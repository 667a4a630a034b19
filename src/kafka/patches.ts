import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { HubError } from '../shared/errors.ts';

/**
 * kafkajs 2.2.4 bugs the hub cannot live with, and costs it need not pay, mended by patches/kafkajs+2.2.4.patch, which
 * `npm install` applies (patch-package, postinstall):
 *
 * - read_committed: a fetch that began inside more than one aborted transaction handed some of their
 *   records to the reader (kafkajs activated one aborted transaction per record; Java's consumer
 *   activates every one that has begun). The hub's own readers (state follower, scheduler, tail,
 *   tools) and the fault tests' ledgers read this way.
 * - produce: when a partition's leader died and the partition moved to a broker that had answered an
 *   earlier attempt of the same send, the retry skipped that broker and the send resolved without the
 *   partition's messages ever being written (tulios/kafkajs#1303).
 * - (speed, not safety) grouping a send's messages by partition was quadratic in their number.
 * - a consumer whose group coordinator could not be found (every broker refused the search, as when
 *   the only broker restarts for longer than the retries last) was stopped for good; it is restarted
 *   like one whose retries ran out.
 * - (speed) encoding a record made a zero-filled 512-byte buffer for the record and one for each of
 *   its headers, an array and a Buffer for every varint, Long objects for every varlong, an array of an
 *   object per header, and a copy of each message; now one pooled buffer per record with everything
 *   written into it in place, the headers straight from the message's object
 *   (test/kafka/record-encoding.unit.test.ts decodes what it writes with kafkajs's own decoder).
 * - (speed) a transaction asked FindCoordinator before each of its AddPartitionsToTxn,
 *   AddOffsetsToTxn, TxnOffsetCommit and EndTxn, four of its nine round trips; the coordinators'
 *   node ids are now kept, and forgotten when an answer says a coordinator moved or none came
 *   (not after CONCURRENT_TRANSACTIONS; test/kafka/coordinator-cache.unit.test.ts and .int.test.ts).
 *
 * An install that skipped the patch would quietly lose and double; this check refuses to go on
 * without it: the filter is run on the very case it failed, the produce path is checked for the patch.
 */
type Filter = (input: { messages: unknown[]; abortedTransactions: unknown[] }) => unknown[];

const record = (offset: string, producerId: string) => ({
  offset, key: Buffer.from('k'), isControlRecord: false, batchContext: { producerId, inTransaction: true },
});

const PATCH_MARK = 'Patched (employment-data-hub, patches/kafkajs+2.2.4.patch)';

let checked = false;

export const assertKafkajsPatched = (): void => {
  if (checked) return;
  const require = createRequire(import.meta.url);
  const filter = require('kafkajs/src/consumer/filterAbortedMessages.js') as Filter;
  // A fetch from offset 5 inside two aborted transactions (producer 1 from offset 0, producer 2 from 1):
  // the record of producer 2 comes first and must be dropped like the one of producer 1.
  const kept = filter({ messages: [record('5', '2'), record('6', '1')], abortedTransactions: [{ producerId: '1', firstOffset: '0' }, { producerId: '2', firstOffset: '1' }] });
  const marked = (file: string) => readFileSync(require.resolve(`kafkajs/src/${file}`), 'utf8').includes(PATCH_MARK);
  // What an unpatched install would do, first failing check first.
  const missing = kept.length > 0 ? 'read_committed readers would see aborted records'
    : !marked('producer/sendMessages.js') ? 'a send could resolve without writing a partition whose leader moved'
      : !marked('consumer/index.js') ? 'a consumer that found no group coordinator would stop for good'
        : undefined;
  if (missing) {
    throw new HubError('KAFKA_CLIENT_UNPATCHED', `kafkajs is not patched (${missing}): run \`npm install\` without --ignore-scripts so that patches/kafkajs+2.2.4.patch is applied`);
  }
  checked = true;
};
