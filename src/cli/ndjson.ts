import fs from 'node:fs';
import readline from 'node:readline';
import type { Submission } from '../producers/report-publisher.ts';

export type Line =
  | { readonly line: number; readonly ok: true; readonly submission: Submission; readonly extra: Record<string, unknown> }
  | { readonly line: number; readonly ok: false; readonly error: string };

/**
 * Reads a file of reports, one JSON object a line: `{"kapitel": 11, ...report fields}` or
 * `{"kapitel": 11, "report": {...}}`. Blank lines are skipped; a bad line is reported, not fatal.
 */
export async function* readSubmissions(file: string): AsyncGenerator<Line> {
  const input = file === '-' ? process.stdin : fs.createReadStream(file, 'utf8');
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
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
