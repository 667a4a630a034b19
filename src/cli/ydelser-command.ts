import fs from 'node:fs';
import type { Command } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import { parseYdelseLine, type YdelseRecord } from '../producers/ydelse-lines.ts';
import { createYdelsePublisher } from '../producers/ydelse-publisher.ts';
import { HubError } from '../shared/errors.ts';
import { redactCpr } from '../shared/logger.ts';
import type { CliContext } from './context.ts';
import { readLines } from './lines.ts';
import { EXIT } from './options.ts';

/** Lines per send: keeps the producer busy and bounds memory whatever the file's size. */
const BATCH = 2000;

const fileSize = (file: string): number => {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    throw new HubError('INPUT_UNREADABLE', `cannot read the grants and payments file ${file}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * `hub ydelser import --file ydelser.ndjson`: a payment system's grant decisions and payments onto
 * `hub.bevillinger` and `hub.udbetalinger`, streamed in constant memory. Each line is one JSON
 * object with `"art": "bevilling"` or `"udbetaling"`; a refused line is reported with its number
 * on stderr and the rest is still imported (exit code 2).
 */
export const registerYdelserCommand = (program: Command, ctx: CliContext): void => {
  const ydelser = program.command('ydelser').description('grant decisions and payments (bevillinger, udbetalinger) for reconciliation');
  ydelser.command('import')
    .description('import grants and payments (one {"art": "bevilling"|"udbetaling", ...} a line) onto their topics')
    .requiredOption('-f, --file <file>', 'NDJSON file ("-" for standard input)')
    .option('--no-progress', 'no progress bar (for logs and CI)')
    .action(async (opts: { file: string; progress: boolean }) => {
      const size = opts.file === '-' ? undefined : fileSize(opts.file);
      const services = await ctx.connect({ clientId: 'hub-ydelser' });
      const { kafka, codec, topics, settings } = services;
      const publisher = await createYdelsePublisher({ kafka, codec, topics, personKeys: services.personKeys });
      const bars = opts.progress && process.stderr.isTTY && size ? new MultiBar({ format: 'importing [{bar}] {percentage}% | {lines} lines, {refused} refused', stream: process.stderr }, Presets.shades_classic) : undefined;
      const bar = bars?.create(size!, 0, { lines: 0, refused: 0 });
      const report = (text: string) => (bars ? bars.log(`${text}\n`) : console.error(text));
      const started = Date.now();
      const count = { lines: 0, bevillinger: 0, udbetalinger: 0, refused: 0 };
      let batch: YdelseRecord[] = [];
      const flush = async () => {
        const sent = batch;
        batch = [];
        for (const r of await publisher.publishMany(sent)) if (!r.ok) count.refused++; // validated again by the SDK: refused here only on a bug
      };
      try {
        for await (const { line, text, bytesRead } of readLines(opts.file)) {
          const parsed = parseYdelseLine(text);
          if (parsed.kind === 'skip') continue;
          count.lines++;
          if (parsed.kind === 'bad') {
            count.refused++;
            report(`  line ${line} refused: ${redactCpr(parsed.reasons.map((r) => r.message).join('; '))}`);
          } else {
            batch.push(parsed.ydelse);
            if (parsed.ydelse.art === 'bevilling') count.bevillinger++;
            else count.udbetalinger++;
          }
          if (batch.length >= BATCH) {
            await flush();
            bar?.update(bytesRead, { lines: count.lines, refused: count.refused });
          }
        }
        await flush();
        bar?.update(size!, { lines: count.lines, refused: count.refused });
      } finally {
        bars?.stop();
        await publisher.close().catch(() => undefined);
        await services.close();
      }
      if (count.lines === 0) {
        console.error(`hub: ${opts.file === '-' ? 'standard input' : opts.file} holds no grants or payments (no non-blank line); nothing imported`);
        process.exitCode = EXIT.inputRefused;
        return;
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(`imported ${count.bevillinger + count.udbetalinger} of ${count.lines} lines in ${seconds.toFixed(1)} s: ${count.bevillinger} grants to ${topics.bevillinger}, ${count.udbetalinger} payments to ${topics.udbetalinger}; refused ${count.refused}`);
      if (count.refused > 0) process.exitCode = EXIT.inputRefused;
    });
};
