import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { createReportPublisher, type ReportPublisher, type Submission } from '../producers/report-publisher.ts';
import { preSendCheck } from '../app/rules.ts';
import type { Services } from '../app/services.ts';
import { redactCpr } from '../shared/logger.ts';
import type { CliContext } from './context.ts';
import { readSubmissions } from './ndjson.ts';
import { EXIT } from './options.ts';

/** Reports sent to Kafka in one go: the memory a publish needs is this many reports, whatever the file's size. */
const BATCH = 500;

/**
 * `hub publish --file reports.ndjson`: validates and sends reports through the SDK, streaming the
 * file in batches. A refused or unreadable line is reported on stderr with its number as soon as
 * its batch is done; the lines after it are sent. Exit code 0 when every line was sent, 2 when
 * some were refused or unreadable (or there were none), 1 when sending failed.
 */
export const registerPublishCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('publish')
    .description('validate and publish reports from an NDJSON file to the inbound topic')
    .requiredOption('-f, --file <file>', 'NDJSON file of reports, one {"kapitel": N, ...} a line ("-" for standard input)')
    .option('--no-progress', 'no progress bar (for logs and CI)')
    .action(async (opts: { file: string; progress: boolean }) => {
      let services: Services | undefined;
      let publisher: ReportPublisher | undefined;
      const bar = opts.progress && process.stderr.isTTY ? new SingleBar({ format: 'publishing {value} reports', stream: process.stderr }, Presets.shades_classic) : undefined;
      const started = Date.now();
      let sent = 0;
      let refused = 0;
      let unreadable = 0;
      let batch: Array<{ line: number; submission: Submission }> = [];
      const flush = async () => {
        if (batch.length === 0) return;
        if (!services) {
          services = await ctx.connect({ clientId: 'hub-publish' });
          publisher = await createReportPublisher({
            kafka: services.kafka, codec: services.codec, topics: services.topics, personKeys: services.personKeys, preSendCheck,
          });
          bar?.start(0, 0);
        }
        const results = await publisher!.publishMany(batch.map((s) => s.submission));
        results.forEach((r, i) => {
          if (r.ok) sent++;
          else {
            refused++;
            bar?.stop();
            console.error(`  line ${batch[i]!.line} (${r.indberetningId ?? 'no id'}) refused: ${r.reasons.map((x) => redactCpr(x.message)).join('; ')}`);
          }
        });
        bar?.update(sent);
        batch = [];
      };
      try {
        for await (const line of readSubmissions(opts.file)) {
          if (line.ok) batch.push({ line: line.line, submission: line.submission });
          else {
            unreadable++;
            console.error(`  ${redactCpr(line.error)}`);
          }
          if (batch.length >= BATCH) await flush();
        }
        await flush();
        bar?.stop();
        const total = sent + refused + unreadable;
        if (total === 0) {
          console.error(`hub: ${opts.file === '-' ? 'standard input' : opts.file} holds no reports (no non-blank line); nothing published`);
          process.exitCode = EXIT.inputRefused;
          return;
        }
        const seconds = (Date.now() - started) / 1000;
        const topic = services?.topics.indberetninger ?? 'the inbound topic';
        console.log(`published ${sent} of ${total} reports to ${topic} in ${seconds.toFixed(1)} s; refused ${refused}, unreadable ${unreadable}`);
        if (sent > 0) console.log(`receipts: hub tail --receipts   notifications: hub tail --fund <code>`);
        if (refused + unreadable > 0) process.exitCode = EXIT.inputRefused;
      } finally {
        bar?.stop();
        await publisher?.close();
        await services?.close();
      }
    });
};
