import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kafka, Producer } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import { HEADERS } from '../config/headers.ts';
import type { HubCodec } from '../shared/codec.ts';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from '../ops/metrics.ts';
import { kontrolMessageOf } from '../reconciliation/index.ts';
import type { QueueNames } from './queues.ts';
import type { VentendeJob } from './scheduler.ts';

/**
 * Runs waiting jobs when they fall due. A held report or one that waited for its fund goes back
 * through the rules on the inbound topic (the rules consumer never delivers an id twice), and so
 * does an end-of-offer check, which the rules consumer answers with an alarm when the end is missing.
 * A reconciliation re-check goes back to the reconciliation consumer on the payments topic.
 */
export const startReleaseWorker = async (deps: {
  kafka: Kafka; codec: HubCodec; topics: TopicNames; redis: Redis; queues: QueueNames; logger: Logger; metrics: Metrics; clock?: () => number;
}) => {
  const logger = deps.logger.child({ component: 'release-worker' });
  const clock = deps.clock ?? Date.now;
  const producer: Producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();

  const sendBack = async (job: VentendeJob, headers: Record<string, string>) => {
    await producer.send({ topic: deps.topics.indberetninger, acks: -1, messages: [{ key: job.noegle, value: Buffer.from(job.original, 'base64'), headers }] });
  };

  /**
   * The end-of-offer check is a decision on state the rules consumer owns (whether the offer's end
   * was reported): the job goes back through the inbound topic on the person's partition, marked
   * as a check, and the rules consumer raises the alarm in its transaction when the end is missing.
   */
  const checkOfferEnded = async (job: VentendeJob) => {
    if (!job.fristdato) return 'no-end-date';
    await sendBack(job, { [HEADERS.kontrol]: 'KONTROL_AFSLUTNING', [HEADERS.fristdato]: job.fristdato });
    return 'checked';
  };

  const worker = new Worker<VentendeJob>(deps.queues.ventende, async (job: Job<VentendeJob>) => {
    const data = job.data;
    switch (data.grund) {
      case 'TILBAGEHOLDT':
        // The hub reports it at the moment of release (00:00 Copenhagen time on the release day),
        // so it is judged as reported then, not when the job happened to run.
        await sendBack(data, {
          [HEADERS.foersteModtagelse]: String(data.foersteModtagelse),
          [HEADERS.vurderingstid]: String(data.frigivesTidspunkt),
          [HEADERS.frigivelse]: randomUUID(),
        });
        return 'released';
      case 'AFVENTER_AKASSE':
        // Judged at the moment it first arrived: waiting for the fund does not make it late.
        await sendBack(data, {
          [HEADERS.foersteModtagelse]: String(data.foersteModtagelse),
          [HEADERS.vurderingstid]: String(data.foersteModtagelse),
          [HEADERS.forsoeg]: String(data.forsoeg),
        });
        return 'retried';
      case 'KONTROL_AFSLUTNING':
        return checkOfferEnded(data);
      case 'KONTROL_AFSTEMNING': {
        // A decision on the person's ledger, which the reconciliation consumer owns: the check goes
        // to it on the person's partition, and it re-runs the rules at the moment the tolerance ran out.
        const { topic, ...message } = kontrolMessageOf(deps.topics, data);
        await producer.send({ topic, acks: -1, messages: [message] });
        return 'rechecked';
      }
      default:
        return 'ignored';
    }
  }, { connection: deps.redis.duplicate({ maxRetriesPerRequest: null }), concurrency: 4 });
  worker.on('failed', (job, error) => {
    deps.metrics.retries.inc({ queue: deps.queues.ventende });
    logger.warn({ err: error, jobId: job?.id, attemptsMade: job?.attemptsMade }, 'waiting job failed');
  });
  logger.info('release worker running');
  return {
    worker,
    async stop() {
      await worker.close();
      await producer.disconnect().catch(() => undefined);
    },
  };
};
