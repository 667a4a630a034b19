import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kafka } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import type { Logger } from '../shared/logger.ts';
import { jobIdOf, type QueueNames } from './queues.ts';

/** A record on the waiting topic (schemas/ventende.avsc). */
export interface Ventende {
  readonly indberetningId: string;
  readonly grund: 'TILBAGEHOLDT' | 'AFVENTER_AKASSE' | 'KONTROL_AFSLUTNING' | 'KONTROL_AFSTEMNING' | 'UKENDT';
  readonly fristdato: string | null;
  readonly frigivesTidspunkt: number;
  readonly foersteModtagelse: number;
  readonly forsoeg: number;
  readonly noegle: string;
  readonly original: Buffer;
}

/** What a waiting job carries: the record, with the original report as base64. */
export type VentendeJob = Omit<Ventende, 'original'> & { readonly original: string };

/**
 * Turns each record on the waiting topic into a BullMQ delayed job due at its moment. The job id
 * is derived from the record, so a record read twice (after a crash) is still one job.
 */
export const startScheduler = async (deps: {
  kafka: Kafka; codec: HubCodec; topics: TopicNames; redis: Redis; queues: QueueNames; groupId: string; logger: Logger; clock?: () => number;
}) => {
  const logger = deps.logger.child({ component: 'scheduler' });
  const clock = deps.clock ?? Date.now;
  const queue = new Queue<VentendeJob>(deps.queues.ventende, { connection: deps.redis });
  const consumer = deps.kafka.consumer({ groupId: deps.groupId, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic: deps.topics.ventende, fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        if (message.value) {
          const record = await deps.codec.decode<Ventende>(message.value);
          await queue.add(record.grund, { ...record, original: Buffer.from(record.original).toString('base64') }, {
            jobId: jobIdOf(record.grund, record.indberetningId, record.forsoeg),
            delay: Math.max(0, record.frigivesTidspunkt - clock()),
            attempts: 10,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: { age: 7 * 24 * 3600 },
            removeOnFail: false,
          });
        }
        resolveOffset(message.offset);
        await heartbeat();
      }
    },
  });
  logger.info('scheduler running');
  return {
    queue,
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await queue.close();
    },
  };
};
