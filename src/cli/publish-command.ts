import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { createReportPublisher, type Submission } from '../producers/report-publisher.ts';
import { preSendCheck } from '../app/rules.ts';
import { redactCpr } from '../shared/logger.ts';
import type { CliContext } from './context.ts';
import { readSubmissions } from './ndjson.ts';

/** `hub publish --file reports.ndjson`: validates and sends reports through the SDK, with a progress bar. */
export const registerPublishCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('publish')
    .description('validate and publish reports from an NDJSON file to the inbound topic')
    .requiredOption('-f, --file <file>', 'NDJSON file of reports, one {"kapitel": N, ...} a line ("-" for standard input)')
    .option('--no-progress', 'no progress bar (for logs and CI)')
    .action(async (opts: { file: string; progress: boolean }) => {
      const submissions: Array<{ line: number; submission: Submission }> = [];
      const unreadable: string[] = [];
      for await (const line of readSubmissions(opts.file)) {
        if (line.ok) submissions.push({ line: line.line, submission: line.submission });
        else unreadable.push(line.error);
      }
      const services = await ctx.connect({ clientId: 'hub-publish' });
      const publisher = await createReportPublisher({
        kafka: services.kafka, codec: services.codec, topics: services.topics, personKeySecret: services.settings.personKeySecret, preSendCheck,
      });
      const bar = opts.progress && process.stderr.isTTY ? new SingleBar({ format: 'publishing [{bar}] {value}/{total} reports', stream: process.stderr }, Presets.shades_classic) : undefined;
      bar?.start(submissions.length, 0);
      const started = Date.now();
      try {
        const results = await publisher.publishMany(submissions.map((s) => s.submission), (done) => bar?.update(done));
        bar?.stop();
        const refused = results.map((r, i) => ({ r, line: submissions[i]!.line })).filter(({ r }) => !r.ok);
        for (const error of unreadable) console.error(`  ${error}`);
        for (const { r, line } of refused) {
          if (!r.ok) console.error(`  line ${line} (${r.indberetningId ?? 'no id'}) refused: ${r.reasons.map((x) => redactCpr(x.message)).join('; ')}`);
        }
        const sent = results.length - refused.length;
        const seconds = (Date.now() - started) / 1000;
        console.log(`published ${sent} of ${submissions.length + unreadable.length} reports to ${services.topics.indberetninger} in ${seconds.toFixed(1)} s; refused ${refused.length}, unreadable ${unreadable.length}`);
        console.log(`receipts: hub tail --receipts   notifications: hub tail --fund <code>`);
        if (refused.length + unreadable.length > 0) process.exitCode = 2;
      } finally {
        await publisher.close();
        await services.close();
      }
    });
};
