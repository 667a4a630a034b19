import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { redactCpr } from '../shared/logger.ts';
import type { CliContext } from './context.ts';

/** `hub tail`: prints a fund's notifications (or the receipts, alarms, dead letters) decoded, as they arrive. */
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
    .option('--max <n>', 'stop after this many messages', (v) => Number(v))
    .action(async (opts: { fund?: string; receipts?: boolean; alarms?: boolean; deadLetters?: boolean; fromBeginning?: boolean; showCpr?: boolean; max?: number }) => {
      const services = await ctx.connect({ clientId: 'hub-tail' });
      const { topics } = services;
      const topic = opts.fund ? topics.fund(opts.fund) : opts.receipts ? topics.kvitteringer : opts.alarms ? topics.alarmer : opts.deadLetters ? topics.doedeBreve : undefined;
      if (!topic) throw new Error('say what to tail: --fund <code>, --receipts, --alarms or --dead-letters');
      if (opts.fund && !services.settings.funds.some((f) => f.code === opts.fund)) {
        throw new Error(`no fund "${opts.fund}" is configured; known: ${services.settings.funds.map((f) => f.code).join(', ')}`);
      }
      const groupId = `${topic}.tail.${randomUUID()}`;
      const consumer = services.kafka.consumer({ groupId, readUncommitted: false });
      let count = 0;
      const stop = async () => {
        await consumer.disconnect().catch(() => undefined);
        const admin = services.kafka.admin();
        await admin.connect().then(() => admin.deleteGroups([groupId]).catch(() => undefined)).finally(() => admin.disconnect());
        await services.close();
      };
      process.once('SIGINT', () => void stop().then(() => process.exit(0)));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: Boolean(opts.fromBeginning) });
      console.error(`tailing ${topic} (read_committed); Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message, partition }) => {
            const value = message.value ? await services.codec.decode(message.value) : null;
            const text = JSON.stringify({ partition, offset: message.offset, value }, (_k, v) => (Buffer.isBuffer(v) || v?.type === 'Buffer' ? `<${v.length ?? v.data?.length} bytes>` : v));
            console.log(opts.showCpr ? text : redactCpr(text));
            count++;
            if (opts.max !== undefined && count >= opts.max) resolve();
          },
        });
      });
      await stop();
    });
};
