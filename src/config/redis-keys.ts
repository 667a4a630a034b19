import { createHash } from 'node:crypto';

/**
 * Every Redis name the hub uses, in one place. All start with the topic prefix (`HUB_TOPIC_PREFIX`),
 * so that environments and tests sharing one Redis never meet; none carries a CPR number (report
 * ids are CPR-free, issue 13 point 8; session tokens are hashed). Redis holds time and access only:
 * BullMQ's delayed and retried jobs, agreements, page users and sessions, the receipt index, notices,
 * dead-letter replays, rate-limit counters and which instance owns which partition. Person state is
 * in Kafka and the instances' stores (docs/architecture.md).
 */
export const redisKeys = (prefix: string) => ({
  /** BullMQ queue names (no ':' — BullMQ reserves it; it keys them `bull:<name>:…`). */
  queues: {
    /** Held reports, reports waiting for a fund, and end-of-offer checks, each due at a moment. */
    ventende: `${prefix}-ventende`,
    /** HTTPS push of notifications to funds that take them so. */
    push: `${prefix}-push`,
  },
  /** Hash per agreement id, the agreement's API keys by key id, its history, and a change channel. */
  agreements: {
    aftaler: `${prefix}:aftaler`,
    noegler: `${prefix}:aftaler:noegler`,
    historik: (id: string) => `${prefix}:aftaler:historik:${id}`,
    /** Pub/sub channel: an agreement id is published whenever that agreement changes. */
    aendret: `${prefix}:aftaler:aendret`,
  },
  /** A registration-page user of an agreement (salted hash of the password). */
  pageUser: (aftaleId: string, bruger: string) => `${prefix}:aftale:${aftaleId}:bruger:${bruger}`,
  /** A registration-page session, by the SHA-256 of its token (the token itself is never stored). */
  session: (token: string) => `${prefix}:session:${createHash('sha256').update(token).digest('hex')}`,
  /** The latest receipt of a report id, for `GET /api/kvitteringer/:id`. */
  receipt: (indberetningId: string) => `${prefix}:kvittering:${indberetningId}`,
  /** Announced system changes (notices to case-system suppliers). */
  notices: `${prefix}:systemaendringer`,
  /**
   * Dead letters already replayed, by dead-letter topic. (Named `hub:` whatever the prefix: the
   * topic name carries the prefix, and replays recorded before this file existed keep their key.)
   */
  replayed: (deadLetterTopic: string) => `hub:dlq-genafspillet:${deadLetterTopic}`,
  /** Rate-limit counters of the HTTP API (namespace; @fastify/rate-limit appends the client). */
  rateLimit: `${prefix}:rate:`,
  /** An instance's status (owned partitions, restore progress), refreshed while it runs. */
  instance: (instanceId: string) => `${prefix}:instans:${instanceId}`,
  /** SCAN pattern of every instance's status. */
  instances: `${prefix}:instans:*`,
});

export type RedisKeys = ReturnType<typeof redisKeys>;
