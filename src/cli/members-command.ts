import fs from 'node:fs';
import type { Command } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import { memberFormatOf, memberLineParser, type MemberFormat } from '../producers/member-lines.ts';
import { createMembershipPublisher, isLeaver, type MembershipChange } from '../producers/membership-publisher.ts';
import { HubError } from '../shared/errors.ts';
import { redactCpr } from '../shared/logger.ts';
import type { CliContext } from './context.ts';
import { readLines } from './lines.ts';

/** Lines per send: large enough to keep the producer busy, small enough to bound memory. */
const BATCH = 5000;

const formatOption = (value: string): MemberFormat => {
  if (value !== 'ndjson' && value !== 'csv') throw new HubError('CONFIG_INVALID', `--format must be ndjson or csv, not "${value}"`);
  return value;
};

const fileSize = (file: string): number => {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    throw new HubError('INPUT_UNREADABLE', `cannot read the membership list ${file}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * `hub members import --file members.ndjson|members.csv`: a fund's (or the register's) membership
 * list onto the compacted membership topic, streamed in constant memory. Bad lines are reported
 * with their line numbers and the rest is still imported; exit code 2 says some lines were refused.
 */
export const registerMembersCommand = (program: Command, ctx: CliContext): void => {
  const members = program.command('members').description('unemployment-fund memberships (the membership topic)');
  members.command('import')
    .description('import a membership list (cpr, akasse, fleksjob; a leaver has no akasse) onto the membership topic')
    .requiredOption('-f, --file <file>', 'NDJSON or CSV file ("-" for standard input, then NDJSON unless --format csv)')
    .option('--format <format>', 'ndjson or csv; default from the file name (.csv is CSV)', formatOption)
    .option('--no-progress', 'no progress bar (for logs and CI)')
    .action(async (opts: { file: string; format?: MemberFormat; progress: boolean }) => {
      const format = opts.format ?? memberFormatOf(opts.file);
      const size = opts.file === '-' ? undefined : fileSize(opts.file);
      const services = await ctx.connect({ clientId: 'hub-members' });
      const { kafka, codec, topics, settings } = services;
      const parse = memberLineParser(format, new Set(settings.funds.map((f) => f.code)));
      const publisher = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
      const bars = opts.progress && process.stderr.isTTY && size ? new MultiBar({ format: 'importing [{bar}] {percentage}% | {lines} lines, {refused} refused', stream: process.stderr }, Presets.shades_classic) : undefined;
      const bar = bars?.create(size!, 0, { lines: 0, refused: 0 });
      const report = (text: string) => (bars ? bars.log(`${text}\n`) : console.error(text));
      const started = Date.now();
      const count = { lines: 0, memberships: 0, leavers: 0, refused: 0 };
      let batch: MembershipChange[] = [];
      let sending: Promise<void> = Promise.resolve();
      let lastLine = 0;
      // One batch is sent while the next is read: at most two batches are held at any time.
      const flush = async (upTo: number) => {
        await sending;
        const changes = batch;
        batch = [];
        sending = publisher.publish(changes).catch((error: unknown) => {
          throw new HubError('KAFKA_UNAVAILABLE', `could not publish to ${topics.medlemskab} (not every line up to ${upTo} was imported; importing the whole file again is harmless): ${(error as Error).message}`, { cause: error });
        });
        sending.catch(() => undefined); // awaited by the next flush; not an unhandled rejection meanwhile
      };
      try {
        for await (const { line, text, bytesRead } of readLines(opts.file)) {
          lastLine = line;
          const parsed = parse(text);
          if (parsed.kind === 'skip') continue;
          count.lines++;
          if (parsed.kind === 'bad') {
            count.refused++;
            report(`  line ${line} refused: ${redactCpr(parsed.reasons.map((r) => r.message).join('; '))}`);
          } else {
            batch.push(parsed.change);
            if (isLeaver(parsed.change)) count.leavers++;
            else count.memberships++;
          }
          if (batch.length >= BATCH) {
            await flush(line);
            bar?.update(bytesRead, { lines: count.lines, refused: count.refused });
          }
        }
        await flush(lastLine);
        await sending;
        bar?.update(size!, { lines: count.lines, refused: count.refused });
      } finally {
        bars?.stop();
        await publisher.close().catch(() => undefined);
        await services.close();
      }
      const seconds = (Date.now() - started) / 1000;
      const n = (x: number) => x.toLocaleString('en-US');
      console.log(`imported ${n(count.memberships + count.leavers)} of ${n(count.lines)} lines to ${topics.medlemskab} in ${seconds.toFixed(1)} s: ${n(count.memberships)} memberships, ${n(count.leavers)} leavers (tombstones); refused ${n(count.refused)}`);
      if (count.refused > 0) process.exitCode = 2;
    });
};
