import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kafka, Producer } from '../kafka/types.ts';
import type { Fund } from '../config/settings.ts';
import type { TopicNames } from '../config/topics.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError } from '../shared/errors.ts';
import { PUSH_SIGNATURE_HEADER, type NotificationSigner } from '../shared/notification-signing.ts';
import { redactCpr, type Logger } from '../shared/logger.ts';
import type { Metrics } from '../ops/metrics.ts';
import { jobIdOf, type QueueNames } from './queues.ts';

/** A notification on its way to a fund's HTTPS endpoint. */
export interface PushJob {
  readonly fund: string;
  readonly url: string;
  readonly notifikationId: string;
  /** The notification as JSON (the fund's own data: it carries the member's CPR). */
  readonly body: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** 4xx other than 408/429 means the fund refuses the content: retrying cannot help. */
export const pushFailureIsFinal = (status: number): boolean => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * Pushes each notification of a fund that takes HTTPS push: a consumer per fund reads its topic
 * (read_committed) and queues one BullMQ job per notification (job id = notification id, so a
 * re-read never pushes twice); the worker POSTs it, retrying with exponential backoff; when the
 * attempts are spent the notification is dead-lettered with the reason.
 */
export const startPushDelivery = async (deps: {
  kafka: Kafka; codec: HubCodec; topics: TopicNames; redis: Redis; queues: QueueNames; funds: readonly Fund[];
  groupOf: (fund: string) => string; signer: Pick<NotificationSigner, 'signNotification' | 'pushCredential'>; attempts: number; retryDelayMs: number; logger: Logger; metrics: Metrics;
  timeoutMs?: number; clock?: () => number;
}) => {
  const logger = deps.logger.child({ component: 'push' });
  const clock = deps.clock ?? Date.now;
  const pushFunds = deps.funds.filter((f): f is Fund & { pushUrl: string } => typeof f.pushUrl === 'string');
  const queue = new Queue<PushJob>(deps.queues.push, { connection: deps.redis });
  const deadLetters: Producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await deadLetters.connect();

  const consumers = await Promise.all(pushFunds.map(async (fund) => {
    const topic = deps.topics.fund(fund.code);
    const consumer = deps.kafka.consumer({ groupId: deps.groupOf(fund.code), readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachMessage: async ({ message, partition }) => {
        if (!message.value) return;
        const notification = await deps.codec.decode<{ notifikationId: string }>(message.value);
        await queue.add('push', {
          fund: fund.code, url: fund.pushUrl, notifikationId: notification.notifikationId, body: JSON.stringify(notification),
          topic, partition, offset: message.offset,
        }, {
          jobId: jobIdOf('push', notification.notifikationId),
          attempts: deps.attempts,
          backoff: { type: 'exponential', delay: deps.retryDelayMs },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: false,
        });
      },
    });
    return consumer;
  }));

  const worker = new Worker<PushJob>(deps.queues.push, async (job: Job<PushJob>) => {
    let response: Response;
    // Signed at each attempt, so that the credential is fresh; the body's signature is the same JWS
    // scheme as the header on the fund's topic, and the credential is a JWT for this fund only.
    const [signature, credential] = await Promise.all([
      deps.signer.signNotification(Buffer.from(job.data.body, 'utf8')),
      deps.signer.pushCredential(`akasse-${job.data.fund}`, job.data.notifikationId, clock()),
    ]);
    try {
      response = await fetch(job.data.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-notifikation-id': job.data.notifikationId, [PUSH_SIGNATURE_HEADER]: signature, authorization: `Bearer ${credential}` },
        body: job.data.body, signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new HubError('DELIVERY_FAILED', `${job.data.fund}: ${(error as Error).message}`, { cause: error });
    }
    if (response.ok) return { status: response.status };
    const message = `${job.data.fund} answered HTTP ${response.status}`;
    if (pushFailureIsFinal(response.status)) throw new UnrecoverableError(message);
    throw new HubError('DELIVERY_FAILED', message);
  }, { connection: deps.redis.duplicate({ maxRetriesPerRequest: null }), concurrency: 8 });

  worker.on('failed', (job, error) => {
    if (!job) return;
    deps.metrics.retries.inc({ queue: deps.queues.push });
    deps.metrics.errors.inc({ component: 'push', code: 'DELIVERY_FAILED' });
    const spent = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    if (!spent) return;
    // Attempts spent: the notification is dead-lettered with the reason, to be replayed after a fix.
    void (async () => {
      const value = await deps.codec.encode(deps.topics.doedeBreve, {
        indberetningId: job.data.notifikationId.split(':')[0] ?? null, kildesystem: null, kode: 'DELIVERY_FAILED',
        aarsag: redactCpr(`push to ${job.data.fund} failed after ${job.attemptsMade} attempts: ${error.message}`),
        kildeTopic: job.data.topic, kildePartition: job.data.partition, kildeOffset: job.data.offset, noegle: null,
        original: Buffer.from(job.data.body), tidspunkt: new Date(clock()).toISOString(),
      });
      await deadLetters.send({ topic: deps.topics.doedeBreve, acks: -1, messages: [{ key: job.data.notifikationId, value }] });
      deps.metrics.deadLetters.inc({ code: 'DELIVERY_FAILED' });
      logger.warn({ fund: job.data.fund, notifikationId: job.data.notifikationId }, 'push dead-lettered');
    })().catch((e: unknown) => logger.error({ err: e }, 'could not dead-letter a failed push'));
  });

  return {
    queue,
    async stop() {
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
      await worker.close();
      await queue.close();
      await deadLetters.disconnect().catch(() => undefined);
    },
  };
};
