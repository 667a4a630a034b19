import fs from 'node:fs';
import type { Submission } from '../producers/report-publisher.ts';
import { HubError } from '../shared/errors.ts';

/**
 * The lines of a text stream, pulled one chunk at a time: the stream is read no faster than the
 * caller takes lines, so a file of any size needs the memory of one chunk and one batch.
 */
async function* linesOf(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of input) {
    const lines = (rest + String(chunk)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

export type Line =
  | { readonly line: number; readonly ok: true; readonly submission: Submission; readonly extra: Record<string, unknown> }
  | { readonly line: number; readonly ok: false; readonly error: string };

/**
 * Reads a file of reports, one JSON object a line: `{"kapitel": 11, ...report fields}` or
 * `{"kapitel": 11, "report": {...}}`, streaming (a file of any size takes little memory). Blank
 * lines are skipped, a byte-order mark before line 1 is dropped; a bad line is reported with its
 * number, not fatal. A file that cannot be opened is an INPUT_UNREADABLE error.
 */
export async function* readSubmissions(file: string): AsyncGenerator<Line> {
  const input = file === '-' ? process.stdin.setEncoding('utf8') : fs.createReadStream(file, 'utf8');
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', (error: NodeJS.ErrnoException) => reject(new HubError('INPUT_UNREADABLE', `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)));
  });
  await opened;
  let n = 0;
  for await (const raw of linesOf(input)) {
    n++;
    const text = n === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      yield { line: n, ok: false, error: `line ${n} is not valid JSON: ${(error as Error).message}` };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { line: n, ok: false, error: `line ${n} must be a JSON object` };
      continue;
    }
    const { kapitel, report, person, modtaget, ...rest } = parsed as Record<string, unknown>;
    if (typeof kapitel !== 'number') {
      yield { line: n, ok: false, error: `line ${n}: "kapitel" (the data area, 2–11) is missing or not a number` };
      continue;
    }
    const body = typeof report === 'object' && report !== null ? (report as Record<string, unknown>) : rest;
    yield { line: n, ok: true, submission: { kapitel, report: body }, extra: { person, modtaget } };
  }
}
