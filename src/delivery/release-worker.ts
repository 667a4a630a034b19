import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import type { TopicNames } from '../config/topics.ts';
import { HEADERS } from '../consumers/headers.ts';
import type { HubCodec } from '../shared/codec.ts';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { RedisKeys } from './redis-keys.ts';
import type { QueueNames } from './queues.ts';
import type { VentendeJob } from './scheduler.ts';

/**
 * Runs waiting jobs when they fall due. A held report or one that waited for its fund goes back
 * through the rules on the inbound topic (the rules consumer never delivers an id twice); an
 * end-of-offer check raises a missing-report alarm when the offer's end was never reported.
 */
export const startReleaseWorker = async (deps: {
  kafka: Kafka; codec: HubCodec; topics: TopicNames; redis: Redis; keys: RedisKeys; queues: QueueNames; logger: Logger; metrics: Metrics; clock?: () => number;
}) => {
  const logger = deps.logger.child({ component: 'release-worker' });
  const clock = deps.clock ?? Date.now;
  const producer: Producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();

  const sendBack = async (job: VentendeJob, headers: Record<string, string>) => {
    await producer.send({ topic: deps.topics.indberetninger, acks: -1, messages: [{ key: job.noegle, value: Buffer.from(job.original, 'base64'), headers }] });
  };

  const checkOfferEnded = async (job: VentendeJob) => {
    const { report } = await deps.codec.decodeInbound(Buffer.from(job.original, 'base64'));
    const tilbud = report.tilbud as { tilbudId?: string | null } | null;
    if (!tilbud?.tilbudId || !job.fristdato) return 'no-offer-id';
    const offer = `${String(report.kildesystem)}:${tilbud.tilbudId}`;
    const [ended, latestEnd] = await deps.redis.mget(deps.keys.offerEnded(offer), deps.keys.offerEndDate(offer));
    if (ended) return 'ended';
    if (latestEnd && latestEnd > job.fristdato) return 'moved';
    const alarm = {
      alarmId: `mangler.${offer}.${job.fristdato}`,
      type: 'MANGLENDE_INDBERETNING',
      kommunekode: String(report.kommunekode),
      kildesystem: String(report.kildesystem),
      indberetningId: job.indberetningId,
      tilbudId: tilbud.tilbudId,
      fristdato: job.fristdato,
      beskrivelse: `The offer's end date ${job.fristdato} has passed without an end report (§ 62 stk. 1 nr. 2: an offer's end is reported on its end date).`,
      tidspunkt: new Date(clock()).toISOString(),
    };
    await producer.send({ topic: deps.topics.alarmer, acks: -1, messages: [{ key: alarm.kommunekode, value: await deps.codec.encode(deps.topics.alarmer, alarm) }] });
    deps.metrics.alarms.inc({ type: alarm.type });
    return 'alarm';
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
          'hub-frigivelse': randomUUID(),
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
