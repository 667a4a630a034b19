import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import type { HubCodec } from '../shared/codec.ts';
import { HubError, isHubError } from '../shared/errors.ts';
import { redactCpr } from '../shared/logger.ts';
import type { CliContext } from './context.ts';
import { exitAfterCleanup, onExit } from './exit.ts';
import { wholeNumber } from './options.ts';

/**
 * A record's value decoded, or what kept it from being decoded: a record no schema reads (written
 * by another program) is printed as such, and the tail goes on. A registry that cannot be reached
 * is thrown, so the record is read again.
 */
const decoded = async (codec: HubCodec, value: Buffer | null): Promise<{ value: unknown } | { error: { code: string; message: string } }> => {
  if (!value) return { value: null };
  try {
    return { value: await codec.decode(value) };
  } catch (error) {
    if (!isHubError(error) || error.canRetry) throw error;
    return { error: { code: error.code, message: error.message } };
  }
};

interface TailOptions {
  fund?: string; receipts?: boolean; alarms?: boolean; deadLetters?: boolean; fromBeginning?: boolean; showCpr?: boolean; max?: number;
}

/**
 * `hub tail`: prints a fund's notifications (or the receipts, alarms, dead letters) decoded, as they
 * arrive. Read-only: it starts no service, creates no topic, registers no schema; its consumer
 * group commits nothing and is deleted when it stops (after --max, on Ctrl-C, SIGTERM or a closed pipe).
 */
export const registerTailCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('tail')
    .description('print decoded messages of a fund topic (or receipts, alarms, dead letters) as they arrive')
    .option('--fund <code>', 'a fund (a-kasse) code, e.g. aak')
    .option('--receipts', 'the receipts topic')
    .option('--alarms', 'the alarms topic')
    .option('--dead-letters', 'the dead-letter topic')
    .option('--from-beginning', 'start at the oldest message, not the newest')
    .option('--show-cpr', 'print CPR numbers unredacted (the fund may see them; a log may not)')
    .option('--max <n>', 'stop after this many messages', wholeNumber('max', 1))
    .action(async (opts: TailOptions) => {
      const chosen = [opts.fund !== undefined, opts.receipts, opts.alarms, opts.deadLetters].filter(Boolean).length;
      if (chosen !== 1) throw new HubError('CONFIG_INVALID', 'say what to tail: exactly one of --fund <code>, --receipts, --alarms or --dead-letters');
      const funds = ctx.hub().funds;
      if (opts.fund !== undefined && !funds.some((f) => f.code === opts.fund)) {
        throw new HubError('CONFIG_INVALID', `no fund "${opts.fund}" is configured (HUB_FUNDS_FILE); known: ${funds.map((f) => f.code).join(', ')}`);
      }
      const services = await ctx.connect({ clientId: 'hub-tail', readOnly: true });
      const { topics } = services;
      const topic = opts.fund ? topics.fund(opts.fund) : opts.receipts ? topics.kvitteringer : opts.alarms ? topics.alarmer : topics.doedeBreve;
      const admin = services.kafka.admin();
      await admin.connect();
      if (!(await admin.listTopics()).includes(topic)) {
        await admin.disconnect();
        await services.close();
        throw new HubError('CONFIG_INVALID', `topic ${topic} does not exist yet: start the hub once (npx hub start), or check HUB_TOPIC_PREFIX`);
      }
      const groupId = `${topic}.tail.${randomUUID()}`;
      const consumer = services.kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 500 });
      let count = 0;
      let stopping: Promise<void> | undefined;
      const stop = () => (stopping ??= (async () => {
        await consumer.disconnect().catch(() => undefined);
        await admin.deleteGroups([groupId]).catch(() => undefined);
        await admin.disconnect().catch(() => undefined);
        await services.close();
      })());
      onExit(stop);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void exitAfterCleanup(0));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: Boolean(opts.fromBeginning) });
      console.error(`tailing ${topic} (read_committed)${opts.max ? `, until ${opts.max} message(s)` : ''}; Ctrl-C to stop`);
      const printed = new Promise<void>((resolve, reject) => {
        consumer.run({
          autoCommit: false,
          eachMessage: async ({ message, partition }) => {
            if (opts.max !== undefined && count >= opts.max) return;
            const text = JSON.stringify({ partition, offset: message.offset, ...await decoded(services.codec, message.value) },
              (_k, v) => (Buffer.isBuffer(v) || v?.type === 'Buffer' ? `<${v.length ?? v.data?.length} bytes>` : v));
            process.stdout.write(`${opts.showCpr ? text : redactCpr(text)}\n`);
            count++;
            if (opts.max !== undefined && count >= opts.max) resolve();
          },
        }).catch(reject);
      });
      // A consumer kafkajs gives up on would leave the command waiting for ever: it ends instead.
      const stopped = services.consumerStopped.then(({ error }) => {
        throw new HubError('KAFKA_UNAVAILABLE', `stopped reading ${topic}: ${redactCpr(error.message)}; check that Kafka is up at KAFKA_BROKERS and run the command again`, { cause: error });
      });
      stopped.catch(() => undefined); // once the tail has ended, a late stop is nobody's concern
      try {
        await Promise.race([printed, stopped]);
      } finally {
        await stop();
      }
    });
};
