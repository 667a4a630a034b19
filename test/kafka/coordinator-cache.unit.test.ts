// The patched transaction manager (patches/kafkajs+2.2.4.patch) keeps the coordinators it found
// instead of asking FindCoordinator before every request of a transaction, and forgets them when a
// coordinator's answer is an error. Run here against a cluster that counts the look-ups; the
// contract test against the real broker counts the requests on the wire (coordinator-cache.int).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
type EosManager = {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  addPartitionsToTransaction(topicData: { topic: string; partitions: { partition: number }[] }[]): Promise<void>;
  sendOffsets(o: { consumerGroupId: string; topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<void>;
  commit(): Promise<void>;
};
const createEosManager = require('kafkajs/src/producer/eosManager/index.js') as (o: object) => EosManager;

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A one-broker cluster whose coordinator answers as `answer` says, counting the look-ups per kind. */
const fakeCluster = (answer: (request: string) => void) => {
  const lookups: string[] = [];
  const requests: string[] = [];
  const broker = { nodeId: 1 } as Record<string, unknown>;
  for (const name of ['initProducerId', 'addPartitionsToTxn', 'addOffsetsToTxn', 'txnOffsetCommit', 'endTxn']) {
    broker[name] = async () => {
      requests.push(name);
      answer(name);
      return name === 'initProducerId' ? { producerId: 7, producerEpoch: 0 } : {};
    };
  }
  const cluster = {
    retry: { retries: 2, initialRetryTime: 1, maxRetryTime: 2 },
    refreshMetadataIfNecessary: async () => undefined,
    findGroupCoordinator: async ({ coordinatorType }: { coordinatorType: number }) => {
      lookups.push(coordinatorType === 1 ? 'transaction' : 'group');
      return broker;
    },
    findBroker: async ({ nodeId }: { nodeId: number }) => {
      if (nodeId !== 1) throw new Error(`no broker ${nodeId}`);
      return broker;
    },
  };
  return { cluster, lookups, requests };
};

const transactionOn = async (eos: EosManager, partition: number) => {
  eos.beginTransaction();
  await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition }] }]);
  await eos.sendOffsets({ consumerGroupId: 'g', topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '1' }] }] });
  await eos.commit();
};

describe('patched kafkajs transaction manager: coordinators', () => {
  it('looks each coordinator up once for any number of transactions', async () => {
    const { cluster, lookups, requests } = fakeCluster(() => undefined);
    const eos = createEosManager({ logger: silent, cluster, transactional: true, transactionalId: 'tx' });
    await eos.initProducerId();
    for (let i = 0; i < 5; i++) await transactionOn(eos, i);
    expect(requests.filter((r) => r === 'endTxn')).toHaveLength(5);
    // Unpatched: one transaction look-up at the start, then per transaction three more and one of the group (21).
    expect(lookups).toEqual(['transaction', 'group']);
  });

  /** Fails the request named `failNext` once, as the broker would (kafkajs's error type names). */
  const failingOnce = (state: { failNext?: string }, type = 'NOT_COORDINATOR_FOR_GROUP') => (request: string) => {
    if (request !== state.failNext) return;
    state.failNext = undefined;
    throw Object.assign(new Error(`the broker answered ${type}`), { type, retriable: true });
  };

  it('looks the transaction coordinator up again after it answered with an error', async () => {
    const state: { failNext?: string } = {};
    const { cluster, lookups } = fakeCluster(failingOnce(state));
    const eos = createEosManager({ logger: silent, cluster, transactional: true, transactionalId: 'tx' });
    await eos.initProducerId();
    state.failNext = 'addPartitionsToTxn';
    eos.beginTransaction();
    await expect(eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 0 }] }])).rejects.toThrow(/NOT_COORDINATOR_FOR_GROUP/);
    await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 0 }] }]);
    await eos.sendOffsets({ consumerGroupId: 'g', topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '1' }] }] });
    await eos.commit();
    expect(lookups).toEqual(['transaction', 'transaction', 'group']);
  });

  it('looks the group coordinator up again when it says it is not the coordinator, and commits the offsets there', async () => {
    const state: { failNext?: string } = {};
    const { cluster, lookups, requests } = fakeCluster(failingOnce(state));
    const eos = createEosManager({ logger: silent, cluster, transactional: true, transactionalId: 'tx' });
    await eos.initProducerId();
    await transactionOn(eos, 0);
    state.failNext = 'txnOffsetCommit';
    await transactionOn(eos, 1);
    expect(requests.filter((r) => r === 'txnOffsetCommit')).toHaveLength(3);
    // After the error every coordinator is forgotten: the group's is found again for the retry, the transaction's for EndTxn.
    expect(lookups).toEqual(['transaction', 'group', 'group', 'transaction']);
  });

  it('keeps the coordinators through an error that is not about them (CONCURRENT_TRANSACTIONS right after a commit)', async () => {
    const state: { failNext?: string } = {};
    const { cluster, lookups } = fakeCluster(failingOnce(state, 'CONCURRENT_TRANSACTIONS'));
    const eos = createEosManager({ logger: silent, cluster, transactional: true, transactionalId: 'tx' });
    await eos.initProducerId();
    await transactionOn(eos, 0);
    state.failNext = 'addPartitionsToTxn';
    eos.beginTransaction();
    await expect(eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 1 }] }])).rejects.toThrow(/CONCURRENT_TRANSACTIONS/);
    await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 1 }] }]);
    await eos.commit();
    expect(lookups).toEqual(['transaction', 'group']);
  });
});
