import pino, { type Logger } from 'pino';
import { logLevel as KafkaLogLevel, type logCreator } from 'kafkajs';

export type { Logger };

/** Ten digits with an optional dash after six: the shapes a CPR number takes in text. */
const CPR_IN_TEXT = /(?<!\d)(\d{6})-?(\d{4})(?!\d)/g;

/** Replaces every CPR-shaped number in a text by `DDMMYY-****`-free placeholder `[CPR]`. */
export const redactCpr = (text: string): string => text.replace(CPR_IN_TEXT, '[CPR]');

/** Field paths that may carry a CPR number in a structured log line. */
const REDACT_PATHS = ['cpr', '*.cpr', '*.*.cpr', 'report.cpr', 'value.cpr', 'person.cpr'];

/**
 * The hub's logger: JSON lines on standard error (standard output carries a command's data: tables,
 * NDJSON, CSV), CPR fields censored by path, and CPR-shaped numbers inside messages and error texts
 * replaced, so a CPR never reaches a log unredacted.
 */
export const createLogger = (options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger =>
  pino(
    {
      name: options.name ?? 'hub',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[CPR]' },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactCpr(a) : a));
          method.apply(this, redacted as Parameters<typeof method>);
        },
        // The last line of defence: a CPR in any string at any depth (a free-text field, a bound
        // child value, an error's cause) is replaced in the serialised line itself.
        streamWrite: (line) => redactCpr(line),
      },
      serializers: {
        err: (err: Error) => ({ type: err.name, message: redactCpr(err.message), code: (err as { code?: string }).code, stack: err.stack ? redactCpr(err.stack) : undefined }),
      },
    },
    // Synchronous, so the last lines before process.exit are not lost.
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );

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
