// kafkajs's produce path (patched, patches/kafkajs+2.2.4.patch) when a partition leader dies between
// attempts: the partition moves to a broker that already answered the first attempt. The original kept
// answers per broker, skipped that broker on the retry and resolved the send without ever writing the
// moved partition's messages (tulios/kafkajs#1303; seen as "acknowledged but never on the inbound topic"
// in the three-broker fault test). A pure unit test: the cluster and brokers below are fakes; the
// fault test in test/faults-short/cluster-leader-loss.int.test.ts runs the same on real brokers.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const createSendMessages = require('kafkajs/src/producer/sendMessages.js');
const createRetry = require('kafkajs/src/retry/index.js');
const { KafkaJSConnectionError } = require('kafkajs/src/errors.js');

type Produced = { broker: number; topic: string; partition: number; values: string[] };

/** Two partitions, leaders 1 and 2; broker 1 dies during the first attempt and partition 0 moves to broker 2. */
const scene = () => {
  const leaders: Record<number, number> = { 0: 1, 1: 2 };
  const produced: Produced[] = [];
  let brokerOneAlive = true;
  const broker = (nodeId: number) => ({
    nodeId,
    produce: async ({ topicData }: { topicData: Array<{ topic: string; partitions: Array<{ partition: number; messages: Array<{ value: string }> }> }> }) => {
      if (nodeId === 1 && !brokerOneAlive) throw new KafkaJSConnectionError('Connection error: broker 1 went away');
      if (nodeId === 1) {
        brokerOneAlive = false;
        leaders[0] = 2;
        throw new KafkaJSConnectionError('Connection error: broker 1 went away');
      }
      for (const t of topicData) for (const p of t.partitions) produced.push({ broker: nodeId, topic: t.topic, partition: p.partition, values: p.messages.map((m) => m.value) });
      return { topics: topicData.map((t) => ({ topicName: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode: 0, baseOffset: '0' })) })) };
    },
  });
  const brokers = new Map([[1, broker(1)], [2, broker(2)]]);
  const partitionMetadata = () => [0, 1].map((partitionId) => ({ partitionId, leader: leaders[partitionId] }));
  const cluster = {
    targetTopics: new Set<string>(),
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => undefined,
    addMultipleTargetTopics: async () => undefined,
    isConnected: () => true,
    removeBroker: () => undefined,
    findTopicPartitionMetadata: () => partitionMetadata(),
    findLeaderForPartitions: (_topic: string, partitions: string[]) => partitions.reduce<Record<number, number[]>>((acc, p) => {
      const leader = leaders[Number(p)]!;
      (acc[leader] ??= []).push(Number(p));
      return acc;
    }, {}),
    findBroker: async ({ nodeId }: { nodeId: string }) => brokers.get(Number(nodeId)),
  };
  const eosManager = {
    isTransactional: () => false, acquireBrokerLock: async () => undefined, releaseBrokerLock: async () => undefined,
    getSequence: () => 0, updateSequence: () => undefined, getProducerId: () => -1, getProducerEpoch: () => 0, getTransactionalId: () => undefined,
  };
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const sendMessages = createSendMessages({
    logger, cluster, eosManager,
    partitioner: ({ message }: { message: { key: string } }) => Number(message.key),
    retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }),
  });
  return { sendMessages, produced };
};

describe('kafkajs send when a partition leader dies', () => {
  it('writes the moved partition to its new leader, even when that broker answered the first attempt', async () => {
    const { sendMessages, produced } = scene();
    const answer = await sendMessages({ acks: -1, topicMessages: [{ topic: 't', messages: [{ key: '0', value: 'for p0' }, { key: '1', value: 'for p1' }] }] });
    expect(produced).toEqual([
      { broker: 2, topic: 't', partition: 1, values: ['for p1'] },
      { broker: 2, topic: 't', partition: 0, values: ['for p0'] },
    ]);
    expect(answer.map((a: { partition: number }) => a.partition).sort()).toEqual([0, 1]);
  });
});
