import { Partitioners } from 'kafkajs';
import type { Pipe, PipeContext, RunningPipe } from '../pipeline.ts';
import { benchKafka } from '../bench-kafka.ts';

/**
 * The ceiling for our client: kafkajs consuming with a group and producing every message, as it
 * came, with an idempotent producer, one produce call per fetched batch. No decoding, no work.
 */
export const kafkajsPipe: Pipe = {
  name: 'kafkajs pipe',
  async start(ctx: PipeContext): Promise<RunningPipe> {
    const kafka = benchKafka(ctx.brokers, 'bench-kafkajs-pipe');
    // kafkajs keeps sequence numbers in order only with one request in flight per connection,
    // and an idempotent producer must retry without limit to keep its guarantee.
    const producer = kafka.producer({
      idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false,
      retry: { retries: Number.MAX_SAFE_INTEGER }, createPartitioner: Partitioners.DefaultPartitioner,
    });
    const consumer = kafka.consumer({ groupId: ctx.groupId, maxWaitTimeInMs: 100 });
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topics: [ctx.inputTopic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const messages = batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers }));
        await producer.send({ topic: ctx.outputTopic, messages });
        resolveOffset(batch.lastOffset());
        await heartbeat();
      },
    });
    await joined;
    return {
      async stop() {
        await consumer.disconnect();
        await producer.disconnect();
      },
    };
  },
};
