import type { Services } from './services.ts';
import { PersonStateStore } from '../consumers/person-state.ts';
import { startRulesConsumer, type Admission, type RulesConsumer } from '../consumers/rules-consumer.ts';
import { startStateFollower } from '../consumers/state-follower.ts';
import { startReleaseWorker } from '../delivery/release-worker.ts';
import { startScheduler } from '../delivery/scheduler.ts';
import { startPushDelivery } from '../delivery/push.ts';
import { queueNames } from '../delivery/queues.ts';
import { redisKeys } from '../delivery/redis-keys.ts';
import { createMetrics, type Metrics } from '../ops/metrics.ts';
import { startOpsSamplers } from '../ops/samplers.ts';
import { decide, kontaktgruppeChange, shareWith } from './rules.ts';

export interface RunningHub {
  readonly metrics: Metrics;
  readonly store: PersonStateStore;
  readonly rules: RulesConsumer;
  stop(): Promise<void>;
}

/** Consumer group and transactional-id names, derived from the topic prefix. */
export const groupNames = (prefix: string) => ({
  rules: `${prefix}.regler`,
  scheduler: `${prefix}.planlaegger`,
  push: (fund: string) => `${prefix}.push.${fund}`,
  transactionalIdPrefix: `${prefix}.regler.tx`,
});

/**
 * Starts the hub's processing: the state follower (rebuilds person state from the topics), the
 * rules consumer, and the BullMQ side (scheduler and release worker). Returns when all run.
 */
export const startHub = async (services: Services, options: { metrics?: Metrics; clock?: () => number; admission?: Admission } = {}): Promise<RunningHub> => {
  const { kafka, codec, topics, redis, logger, settings } = services;
  const metrics = options.metrics ?? createMetrics();
  const store = new PersonStateStore();
  const groups = groupNames(settings.topicPrefix);
  const queues = queueNames(settings.topicPrefix);
  const keys = redisKeys(settings.topicPrefix);
  const follower = await startStateFollower({ kafka, codec, topics, store, logger });
  await follower.caughtUp();
  logger.info({ persons: store.size }, 'person state rebuilt from the topics');
  const rules = await startRulesConsumer({
    kafka, codec, topics, store, follower, redis, keys, logger, metrics,
    funds: settings.funds, routing: settings.routing, personKeySecret: settings.personKeySecret,
    decide, kontaktgruppeChange, shareWith: shareWith(topics),
    groupId: groups.rules, transactionalIdPrefix: groups.transactionalIdPrefix, sessionTimeoutMs: settings.consumerSessionTimeoutMs,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.admission ? { admission: options.admission } : {}),
  });
  const scheduler = await startScheduler({ kafka, codec, topics, redis, queues, groupId: groups.scheduler, logger, ...(options.clock ? { clock: options.clock } : {}) });
  const releases = await startReleaseWorker({ kafka, codec, topics, redis, keys, queues, logger, metrics, ...(options.clock ? { clock: options.clock } : {}) });
  const push = await startPushDelivery({
    kafka, codec, topics, redis, queues, funds: settings.funds, groupOf: groups.push,
    attempts: settings.pushAttempts, retryDelayMs: settings.pushRetryDelayMs, logger, metrics,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const samplers = await startOpsSamplers({ kafka, redis, topics, targets: { groups, queues }, metrics, logger });
  const personGauge = setInterval(() => metrics.personStates.set(store.size), 5000);
  personGauge.unref();
  return {
    metrics, store, rules,
    async stop() {
      clearInterval(personGauge);
      const timed = async (component: string, stop: () => Promise<void>) => {
        const begun = Date.now();
        await stop();
        logger.info({ component, ms: Date.now() - begun }, 'stopped');
      };
      await timed('samplers', () => samplers.stop());
      await timed('rules consumer', () => rules.stop());
      await Promise.all([timed('scheduler', () => scheduler.stop()), timed('release worker', () => releases.stop()), timed('push', () => push.stop()), timed('state follower', () => follower.stop())]);
    },
  };
};
