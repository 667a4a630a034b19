// The Kafka edge on the real broker: a consumer that kafkajs stops for good is reported to the
// process (which `hub start` then ends, for its supervisor to restart), one that kafkajs restarts
// after a passing error is not.
import { createRequire } from 'node:module';
import { KafkaJSNonRetriableError } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../src/kafka/client.ts';
import { connections, createTestTopics, eventually, testLogger, uniqueName } from '../support/services.ts';

// kafkajs raises this when every broker refused the search for a group's coordinator (the only broker restarting).
const { KafkaJSGroupCoordinatorNotFound } = createRequire(import.meta.url)('kafkajs/src/errors.js') as { KafkaJSGroupCoordinatorNotFound: new (message: string) => Error };
const stopped: Array<{ groupId: string; error: Error }> = [];
const kafka = createKafka({
  brokers: connections.kafkaBrokers, clientId: uniqueName('edge'), logger: testLogger,
  onConsumerStopped: (groupId, error) => { stopped.push({ groupId, error }); },
});
const consumers: Array<ReturnType<typeof kafka.consumer>> = [];
afterAll(async () => { await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined))); });

const consumeWith = async (topic: string, groupId: string, fail: (attempt: number) => Error | undefined) => {
  const consumer = kafka.consumer({ groupId });
  consumers.push(consumer);
  let attempt = 0;
  let handled = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async () => {
      const error = fail(attempt++);
      if (error) throw error;
      handled++;
    },
  });
  return { handled: () => handled };
};

describe('the Kafka edge', () => {
  it('tells the process of a consumer stopped for good, and not of one kafkajs restarts (also after a coordinator was not found)', async () => {
    const topic = uniqueName('edge-stop');
    await createTestTopics(kafka, [{ topic, numPartitions: 1, replicationFactor: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'one' }] });
    await producer.disconnect();

    const passing = uniqueName('edge-passing');
    const permanent = uniqueName('edge-permanent');
    // A plain error: kafkajs retries it and restarts the consumer, which then handles the message.
    const restarted = await consumeWith(topic, passing, (n) => (n < 1 ? new Error('a passing failure') : undefined));
    await consumeWith(topic, permanent, () => new KafkaJSNonRetriableError('Consumer group was not initialized, consumer#run must be called first'));
    // A coordinator not found is passing too (the project's kafkajs patch): unpatched, kafkajs stopped the consumer for good.
    const coordinatorLost = uniqueName('edge-coordinator');
    const afterCoordinatorLoss = await consumeWith(topic, coordinatorLost, (n) => (n < 1 ? new KafkaJSGroupCoordinatorNotFound('Failed to find group coordinator') : undefined));

    expect(await eventually(() => stopped.some((s) => s.groupId === permanent), 60_000)).toBe(true);
    expect(await eventually(() => restarted.handled() === 1, 60_000)).toBe(true);
    expect(await eventually(() => afterCoordinatorLoss.handled() === 1, 60_000)).toBe(true);
    expect(stopped.map((s) => s.groupId)).toEqual([permanent]);
    expect(stopped[0]!.error.message).toMatch(/not initialized/);
  });
});
