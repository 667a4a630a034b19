import type { Kafka } from '../kafka/types.ts';
import type { Redis } from 'ioredis';
import { HEADERS } from '../config/headers.ts';
import type { HubCodec } from '../shared/codec.ts';
import type { Logger } from '../shared/logger.ts';
import { redisKeys } from '../config/redis-keys.ts';

/** A receipt as the web service returns it: the schemas/kvittering.avsc record. */
export type Kvittering = Record<string, unknown> & { readonly indberetningId: string; readonly kildesystem: string };

export const receiptKey = (prefix: string, id: string): string => redisKeys(prefix).receipt(id);

/** Receipts are kept for the web service 30 days; the topic keeps them as long as it keeps anything. */
const RECEIPT_TTL_S = 30 * 24 * 3600;

export interface ReceiptIndex {
  /** The latest receipt of a report, if the rules consumer wrote one yet. */
  get(indberetningId: string): Promise<Kvittering | undefined>;
  stop(): Promise<void>;
}

/** Reads receipts from Redis only (for processes that do not run the follower). */
export const receiptReader = (redis: Redis, prefix: string) => async (id: string): Promise<Kvittering | undefined> => {
  const raw = await redis.get(receiptKey(prefix, id));
  return raw ? (JSON.parse(raw) as Kvittering) : undefined;
};

/**
 * Follows the receipt topic into Redis, keyed by report id (the latest processing wins: a held
 * report's receipt is replaced by its delivery's). Started with the HTTP server; every instance
 * shares one consumer group, since they all write the same Redis.
 */
export const startReceiptIndex = async (deps: { kafka: Kafka; codec: HubCodec; redis: Redis; topic: string; prefix: string; groupId: string; logger: Logger }): Promise<ReceiptIndex> => {
  const logger = deps.logger.child({ component: 'receipt-index' });
  const consumer = deps.kafka.consumer({ groupId: deps.groupId, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic: deps.topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const pipeline = deps.redis.pipeline();
      for (const message of batch.messages) {
        if (!message.value) continue;
        try {
          const receipt = await deps.codec.decode<Kvittering>(message.value);
          const kildesystem = message.headers?.[HEADERS.kildesystem]?.toString() ?? receipt.kildesystem;
          pipeline.set(receiptKey(deps.prefix, receipt.indberetningId), JSON.stringify({ ...receipt, kildesystem }), 'EX', RECEIPT_TTL_S);
        } catch (error) {
          logger.warn({ err: error, offset: message.offset }, 'skipping an undecodable receipt');
        }
      }
      await pipeline.exec();
      const last = batch.messages[batch.messages.length - 1];
      if (last) resolveOffset(last.offset);
      await heartbeat();
    },
  });
  return { get: receiptReader(deps.redis, deps.prefix), stop: () => consumer.disconnect() };
};
