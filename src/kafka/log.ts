import { logLevel as KafkaLogLevel, type logCreator } from 'kafkajs';
import { redactCpr, type Logger } from '../shared/logger.ts';

const levelName: Record<number, string> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/**
 * Broker answers kafkajs logs at error level although it retries them and carries on: a group or
 * transaction coordinator still loading its partition after a start, or moved to another broker; a
 * transaction still completing its previous commit; a topic created moments ago not yet known.
 * They are debug detail; a retry that finally fails reaches the caller as an error of its own.
 */
const ROUTINE_RETRY = /coordinator is loading|COORDINATOR_LOAD_IN_PROGRESS|not the correct coordinator|NOT_COORDINATOR|coordinator is not available|COORDINATOR_NOT_AVAILABLE|CONCURRENT_TRANSACTIONS|another concurrent operation on the same transaction|group is rebalancing|REBALANCE_IN_PROGRESS|does not host this topic-partition/i;

const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|Connection timeout|Failed to connect to seed broker|Connection error/i;

/** The pino level for one kafkajs log line. */
export const kafkajsLevel = (level: number, message: string, extra: Record<string, unknown>): string => {
  const name = levelName[level] ?? 'info';
  const text = `${message} ${String(extra.error ?? '')} ${String(extra.type ?? '')}`;
  if (name === 'error' && ROUTINE_RETRY.test(text)) return 'debug';
  // A broker that cannot be reached is retried; the caller fails with the setting to fix when it gives up.
  if (name === 'error' && UNREACHABLE.test(text)) return 'warn';
  return name;
};

/** Routes kafkajs's own log lines into pino, at the levels above. */
export const kafkajsLogCreator = (logger: Logger): logCreator => () => ({ level, log }) => {
  const { message, ...extra } = log;
  // kafkajs advises unlimited retries for idempotent producers; the hub bounds them on purpose (a
  // publisher must fail and say so rather than hang), so the advice is noise on every start.
  if (String(message).startsWith('Limiting retries for the idempotent producer')) return;
  const name = kafkajsLevel(level, String(message), extra);
  (logger as unknown as Record<string, (o: object, m: string) => void>)[name]!.call(logger, { kafkajs: extra }, redactCpr(String(message)));
};
