import type { Redis } from 'ioredis';
import type { Kafka } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import { isHubError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { createLagReader } from './lag.ts';
import type { Metrics } from './metrics.ts';
import { hubLagTargets, type OpsTargets } from './ops-view.ts';
import { QUEUE_STATES, createQueueReader } from './queue-depth.ts';

/**
 * Sets `hub_consumer_lag` (the hub's groups and every group reading a fund topic) and
 * `hub_queue_jobs` every `intervalMs` (default 5000 ms). A failed sample is counted in
 * `hub_errors_total{component="ops-sampler"}` and the gauges keep their last values.
 */
export const startOpsSamplers = async (deps: {
  kafka: Kafka; redis: Redis; topics: TopicNames; targets: OpsTargets; metrics: Metrics; logger: Logger; intervalMs?: number;
}) => {
  const logger = deps.logger.child({ component: 'ops-sampler' });
  const admin = deps.kafka.admin();
  await admin.connect();
  const lag = createLagReader(admin, hubLagTargets(deps.topics, deps.targets.groups));
  const queues = createQueueReader(deps.redis, [deps.targets.queues.ventende, deps.targets.queues.push]);
  let running: Promise<void> | undefined;

  const sample = async () => {
    try {
      const [rows, depths] = await Promise.all([lag.read(), queues.depths()]);
      // Reset first so that a group or partition that went away stops being reported.
      deps.metrics.consumerLag.reset();
      for (const r of rows) if (r.lag !== null) deps.metrics.consumerLag.set({ group: r.group, topic: r.topic, partition: String(r.partition) }, r.lag);
      for (const d of depths) for (const state of QUEUE_STATES) deps.metrics.queueJobs.set({ queue: d.queue, state }, d[state]);
    } catch (error) {
      deps.metrics.errors.inc({ component: 'ops-sampler', code: isHubError(error) ? error.code : 'KAFKA_UNAVAILABLE' });
      logger.warn({ err: error }, 'sampling lag and queue depths failed');
    }
  };

  const tick = () => { if (!running) running = sample().finally(() => { running = undefined; }); };
  tick();
  const timer = setInterval(tick, deps.intervalMs ?? 5000);
  timer.unref();
  return {
    /** Samples now (tests and the first scrape need not wait for the interval). */
    async sampleNow(): Promise<void> { await running; await sample(); },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
      await queues.close();
      await admin.disconnect().catch(() => undefined);
    },
  };
};
