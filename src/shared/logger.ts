import pino, { type Logger } from 'pino';

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
