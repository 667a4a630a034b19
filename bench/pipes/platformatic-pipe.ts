import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, Producer, type Message, type MessageToProduce } from '@platformatic/kafka';
import type { Pipe, PipeContext, RunningPipe } from '../pipeline.ts';

/**
 * The same raw pipe on @platformatic/kafka: its consumer stream piped through a mapping transform
 * into its producer stream, which sends in batches (the counterpart of kafkajs's eachBatch).
 */
export const platformaticPipe: Pipe = {
  name: 'platformatic pipe',
  async start(ctx: PipeContext): Promise<RunningPipe> {
    const base = { clientId: 'bench-platformatic-pipe', bootstrapBrokers: ctx.brokers };
    const producer = new Producer({ ...base, idempotent: true });
    const consumer = new Consumer({ ...base, groupId: ctx.groupId, maxWaitTime: 100 });
    // consume() resolves once the group is joined and partitions are assigned.
    const stream = await consumer.consume({
      topics: [ctx.inputTopic],
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      autocommit: 1_000,
    });
    const toOutput = new Transform({
      objectMode: true,
      transform(m: Message, _encoding, done) {
        const out: MessageToProduce = { topic: ctx.outputTopic, key: m.key, value: m.value, headers: m.headers };
        done(null, out);
      },
    });
    const sink = producer.asStream({ batchSize: 1_000, batchTime: 5, highWaterMark: 4_000 });
    const flowing = pipeline(stream, toOutput, sink).catch((err: unknown) => err);
    return {
      async stop() {
        await stream.close();
        const err = await flowing;
        await consumer.close();
        await producer.close(true);
        if (err instanceof Error && err.name !== 'AbortError' && !/premature close/i.test(err.message)) throw err;
      },
    };
  },
};
