import type { Services } from './services.ts';
import type { PersonState } from '../rules/rule-set.ts';
import { randomUUID } from 'node:crypto';
import { startRulesConsumer, type Admission, type RulesConsumer } from '../consumers/rules-consumer.ts';
import { changelogReader } from '../consumers/changelog.ts';
import { startStateRestorer, type StateRestorer } from '../kafka/state-restorer.ts';
import { startReleaseWorker } from '../delivery/release-worker.ts';
import { startScheduler } from '../delivery/scheduler.ts';
import { startPushDelivery } from '../delivery/push.ts';
import { queueNames } from '../delivery/queues.ts';
import { createMetrics, type Metrics } from '../ops/metrics.ts';
import { startOpsSamplers } from '../ops/samplers.ts';
import { startInstanceStatus } from '../ops/instances.ts';
import { startOutboxBridge, startReceiptSink } from '../outbox/index.ts';
import { decide, kontaktgruppeChange, preSendCheck, shareWith } from './rules.ts';
import path from 'node:path';
import type { PartitionProcessor } from '../kafka/partition-processor.ts';
import { DEFAULT_AFSTEMNINGSREGLER } from '../rules/afstemning/index.ts';
import { afstemningChangelogReader, startReconciliationConsumer } from '../reconciliation/index.ts';
import { lookupIdOf } from '../person-keys/index.ts';
import { rolesOf, type HubRole } from '../config/settings.ts';

export interface RunningHub {
  readonly metrics: Metrics;
  /** What this process runs (HubSettings.roles). */
  readonly roles: ReadonlySet<HubRole>;
  /** The owned partitions' state stores and how far their restore has come (with the `rules` role). */
  readonly restorer: StateRestorer | undefined;
  /** What the owned partitions' state says of a person (empty when no owned partition knows them). */
  person(personKey: string): PersonState;
  /** The rules consumer (with the `rules` role). */
  readonly rules: RulesConsumer | undefined;
  /** The reconciliation consumer (docs/reconciliation.md; with the `reconciliation` role). */
  readonly reconciliation: PartitionProcessor | undefined;
  stop(): Promise<void>;
  /** The components whose stop has begun and not yet ended (for a stop that overruns its deadline). */
  stillStopping(): string[];
}

/** Consumer group and transactional-id names, derived from the topic prefix. */
export const groupNames = (prefix: string) => ({
  rules: `${prefix}.regler`,
  scheduler: `${prefix}.planlaegger`,
  push: (fund: string) => `${prefix}.push.${fund}`,
  transactionalIdPrefix: `${prefix}.regler.tx`,
  /** Each instance's changelog reader has a group of its own (it commits nothing). */
  restorer: (instance: string) => `${prefix}.regler.tilstand.${instance}`,
  /** The reconciliation consumer, its transactional ids and each instance's reader of its changelog. */
  reconciliation: `${prefix}.afstemning`,
  reconciliationTransactionalIdPrefix: `${prefix}.afstemning.tx`,
  reconciliationRestorer: (instance: string) => `${prefix}.afstemning.tilstand.${instance}`,
});

/**
 * Starts the hub's processing, the parts of it `roles` names (default: all, HubSettings.roles): the
 * rules consumer with its state restorer, the reconciliation consumer with its own, the BullMQ side
 * (scheduler, release worker, push) and the outbox bridge. Returns when all of them run. The
 * `receipts` role (the receipt index) is the web service's companion: `hub start` starts it with the
 * access context (src/http/access-context.ts).
 */
export const startHub = async (services: Services, options: { metrics?: Metrics; clock?: () => number; admission?: Admission; roles?: ReadonlySet<HubRole> } = {}): Promise<RunningHub> => {
  const { kafka, codec, topics, redis, logger, settings } = services;
  const metrics = options.metrics ?? createMetrics();
  const groups = groupNames(settings.topicPrefix);
  const queues = queueNames(settings.topicPrefix);
  const lookupIdOfCpr = (cpr: string) => lookupIdOf(settings.personLookupSecret, cpr);
  // A start that waits long (a group join behind a dead member's session, a broker that does not
  // answer) says which part it waits for, every 15 s, instead of a silent start.
  const starting = async <T>(component: string, start: () => Promise<T>): Promise<T> => {
    const begun = Date.now();
    const slow = setInterval(() => logger.warn({ component, waitedMs: Date.now() - begun }, 'still starting'), 15_000);
    slow.unref();
    try {
      return await start();
    } finally {
      clearInterval(slow);
    }
  };
  const roles = options.roles ?? rolesOf(settings);
  const runs = (role: HubRole) => roles.has(role);
  // Reconciliation keeps its own per-partition stores beside the rules consumer's, restored from its own changelog.
  const [restorer, reconciliationRestorer] = await Promise.all([
    runs('rules') ? starting('state restorer', () => startStateRestorer({
      kafka, logger, stateDir: settings.stateDir, groupId: groups.restorer(randomUUID()),
      changelogs: [topics.medlemskab, topics.personstatus, topics.leveringer], ownChangelogs: [topics.personstatus, topics.leveringer],
      read: changelogReader(codec, topics, lookupIdOfCpr),
    })) : undefined,
    runs('reconciliation') ? starting('reconciliation state restorer', () => startStateRestorer({
      kafka, logger, stateDir: path.join(settings.stateDir, 'afstemning'), groupId: groups.reconciliationRestorer(randomUUID()),
      changelogs: [topics.afstemning], ownChangelogs: [topics.afstemning], read: afstemningChangelogReader(codec),
    })) : undefined,
  ]);
  // Both join their groups at once: after a crash each join waits for the dead member's session to
  // expire, and those waits overlap rather than add up.
  const [rules, reconciliation] = await Promise.all([
    restorer && starting('rules consumer', () => startRulesConsumer({
      kafka, codec, topics, restorer, logger, metrics,
      funds: settings.funds, routing: settings.routing, personKeys: services.personKeys, lookupIdOf: lookupIdOfCpr,
      decide, kontaktgruppeChange, shareWith: shareWith(topics), signNotifications: services.signer.signNotifications,
      groupId: groups.rules, transactionalIdPrefix: groups.transactionalIdPrefix, sessionTimeoutMs: settings.consumerSessionTimeoutMs,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.admission ? { admission: options.admission } : {}),
    })),
    reconciliationRestorer && starting('reconciliation consumer', () => startReconciliationConsumer({
      kafka, codec, topics, restorer: reconciliationRestorer, logger, metrics, regler: settings.afstemning ?? DEFAULT_AFSTEMNINGSREGLER,
      groupId: groups.reconciliation, transactionalIdPrefix: groups.reconciliationTransactionalIdPrefix, sessionTimeoutMs: settings.consumerSessionTimeoutMs,
      ...(options.clock ? { clock: options.clock } : {}),
    })),
  ]);
  const delivery = runs('delivery') ? [
    { name: 'scheduler', part: await starting('scheduler', () => startScheduler({ kafka, codec, topics, redis, queues, groupId: groups.scheduler, logger, ...(options.clock ? { clock: options.clock } : {}) })) },
    { name: 'release worker', part: await starting('release worker', () => startReleaseWorker({ kafka, codec, topics, redis, queues, logger, metrics, ...(options.clock ? { clock: options.clock } : {}) })) },
    { name: 'push', part: await starting('push', () => startPushDelivery({
      kafka, codec, topics, redis, queues, funds: settings.funds, groupOf: groups.push, signer: services.signer,
      attempts: settings.pushAttempts, retryDelayMs: settings.pushRetryDelayMs, logger, metrics,
      ...(options.clock ? { clock: options.clock } : {}),
    })) },
  ] : [];
  // § 64: with a case database named, its outbox is carried in and its receipts written back (docs/outbox.md).
  const outboxDb = runs('outbox') ? settings.outboxDatabaseUrl : undefined;
  const outbox = outboxDb
    ? await starting('outbox', () => Promise.all([
      startOutboxBridge({ kafka, codec, topics, personKeys: services.personKeys, preSendCheck, logger, topicPrefix: settings.topicPrefix, ...(options.clock ? { clock: options.clock } : {}) }),
      startReceiptSink({ kafka, codec, topics, topicPrefix: settings.topicPrefix, databaseUrl: outboxDb, logger }),
    ]))
    : [];
  const samplers = await starting('samplers', () => startOpsSamplers({ kafka, redis, topics, targets: { groups, queues }, metrics, logger }));
  const status = startInstanceStatus({ redis, prefix: settings.topicPrefix, instance: settings.instanceId, roles: [...roles], partitions: () => restorer?.progress() ?? [] });
  const stateGauge = setInterval(() => metrics.personStates.set(restorer?.progress().reduce((n, p) => n + p.entries, 0) ?? 0), 5000);
  stateGauge.unref();
  const stopping = new Set<string>();
  return {
    metrics, roles, restorer, rules, reconciliation,
    stillStopping: () => [...stopping],
    person: (personKey) => (restorer?.stores() ?? []).map((s) => s.person(personKey)).find((p) => Object.keys(p).length > 0) ?? {},
    async stop() {
      clearInterval(stateGauge);
      const timed = async (component: string, stop: () => Promise<void>) => {
        const begun = Date.now();
        stopping.add(component);
        await stop();
        stopping.delete(component);
        logger.info({ component, ms: Date.now() - begun }, 'stopped');
      };
      await timed('instance status', () => status.stop());
      await timed('samplers', () => samplers.stop());
      await Promise.all(outbox.map((o) => timed('outbox', () => o.stop())));
      await Promise.all([rules && timed('rules consumer', () => rules.stop()), reconciliation && timed('reconciliation consumer', () => reconciliation.stop())]);
      await Promise.all(delivery.map(({ name, part }) => timed(name, () => part.stop())));
      await Promise.all([restorer && timed('state restorer', () => restorer.stop()), reconciliationRestorer && timed('reconciliation state restorer', () => reconciliationRestorer.stop())]);
    },
  };
};
