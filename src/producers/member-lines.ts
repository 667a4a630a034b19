import { checkCpr } from '../rules/identifiers/index.ts';
import type { Reason } from '../rules/verdict.ts';
import type { MembershipChange } from './membership-publisher.ts';

/**
 * The two shapes of a membership list.
 * - `ndjson`: one object a line, `{"cpr": "0101901234", "akasse": "aak", "fleksjob": false}`;
 *   a leaver has `"akasse": null`. `fleksjob` may be left out (false).
 * - `csv`: `cpr,akasse,fleksjob`, separated by `,` or `;` (as a Danish spreadsheet saves it), an
 *   optional header line naming the columns; a leaver has an empty akasse (`0101901234,,`).
 *   `fleksjob` is `true`/`false`, `1`/`0`, `ja`/`nej` or empty (false); fields may be double-quoted.
 */
export type MemberFormat = 'ndjson' | 'csv';

/** What one line of a membership list says. A reason never carries the CPR number. */
export type MemberLine =
  | { readonly kind: 'change'; readonly change: MembershipChange }
  | { readonly kind: 'skip' }
  | { readonly kind: 'bad'; readonly reasons: readonly Reason[] };

/** The format a file name implies: `.csv` is CSV, everything else (`.ndjson`, `.jsonl`, `-`) NDJSON. */
export const memberFormatOf = (file: string): MemberFormat => (/\.csv$/i.test(file) ? 'csv' : 'ndjson');

const TRUE = new Set(['true', '1', 'ja', 'yes']);
const FALSE = new Set(['false', '0', 'nej', 'no', '']);

const bad = (...reasons: Reason[]): MemberLine => ({ kind: 'bad', reasons });

/** The CPR check's verdict in words that do not repeat the number (its own messages do). */
const cprReasons = (cpr: unknown): Reason[] => {
  const { errors } = checkCpr(cpr);
  return errors.map((e) => ({
    code: e.code, field: 'cpr',
    message: e.code === 'cpr-format' ? 'cpr must be exactly ten digits (DDMMYYSSSS, no dash)' : 'cpr does not start with a real birth date',
  }));
};

const fundReasons = (akasse: string, knownFunds: ReadonlySet<string>): Reason[] =>
  knownFunds.has(akasse) ? [] : [{ code: 'unknown-fund', field: 'akasse', message: `akasse "${akasse}" is not a configured fund (${[...knownFunds].join(', ')})` }];

const changeOf = (cpr: string, akasse: string | null, fleksjob: boolean, knownFunds: ReadonlySet<string>): MemberLine => {
  const reasons = [...cprReasons(cpr), ...(akasse === null ? [] : fundReasons(akasse, knownFunds))];
  if (reasons.length > 0) return bad(...reasons);
  return { kind: 'change', change: akasse === null ? { cpr, leaver: true } : { cpr, akasse, fleksjob } };
};

/** One NDJSON line as an object, or why it is not one (shared by the file imports). */
export const jsonObjectLine = (text: string): { readonly object: Record<string, unknown> } | { readonly reason: Reason } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { reason: { code: 'invalid-json', message: 'the line is not valid JSON' } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { reason: { code: 'invalid-json', message: 'the line must be a JSON object' } };
  return { object: parsed as Record<string, unknown> };
};

const parseJsonLine = (text: string, knownFunds: ReadonlySet<string>): MemberLine => {
  const line = jsonObjectLine(text);
  if ('reason' in line) return bad(line.reason);
  const { cpr, akasse, fleksjob } = line.object;
  // A missing akasse is refused rather than read as a leaver: a misspelt field name must not end memberships.
  if (!('akasse' in line.object)) return bad({ code: 'missing-field', field: 'akasse', message: 'akasse is missing (a fund code, or null for a leaver)' });
  if (akasse !== null && (typeof akasse !== 'string' || akasse === '')) return bad({ code: 'wrong-type', field: 'akasse', message: 'akasse must be a fund code or null (a leaver)' });
  if (fleksjob !== undefined && typeof fleksjob !== 'boolean') return bad({ code: 'wrong-type', field: 'fleksjob', message: 'fleksjob must be true or false' });
  if (typeof cpr !== 'string') return bad({ code: 'cpr-format', field: 'cpr', message: 'cpr must be a string of ten digits' });
  return changeOf(cpr, akasse, fleksjob ?? false, knownFunds);
};

/** Splits one CSV line; a field may be double-quoted (`""` is a quote inside it). */
const splitCsv = (text: string, delimiter: string): string[] | undefined => {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) return undefined; // an unclosed quote
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (text[i] === '"') { i++; break; } else field += text[i];
      }
      if (i < text.length && text[i] !== delimiter) return undefined;
    } else {
      const end = text.indexOf(delimiter, i);
      field = text.slice(i, end === -1 ? text.length : end);
      i = end === -1 ? text.length : end;
    }
    fields.push(field.trim());
    if (i >= text.length) return fields;
    i++; // past the delimiter
  }
};

/**
 * A parser for the lines of one membership list, first line first (a CSV file's first line may be
 * its header and decides the delimiter). Pure: no I/O, and the lines are not kept.
 */
export const memberLineParser = (format: MemberFormat, knownFunds: ReadonlySet<string>): ((text: string) => MemberLine) => {
  let delimiter: string | undefined;
  return (raw) => {
    const text = raw.replace(/^\uFEFF/, '').trim();
    if (text === '') return { kind: 'skip' };
    if (format === 'ndjson') return parseJsonLine(text, knownFunds);
    const first = delimiter === undefined;
    if (first) delimiter = text.includes(';') && !text.includes(',') ? ';' : ',';
    const fields = splitCsv(text, delimiter!);
    if (!fields) return bad({ code: 'csv-quote', message: 'a quoted field is not closed' });
    if (first && fields[0]?.toLowerCase() === 'cpr') return { kind: 'skip' };
    if (fields.length < 2 || fields.length > 3) return bad({ code: 'csv-fields', message: `expected cpr${delimiter}akasse${delimiter}fleksjob, found ${fields.length} field${fields.length === 1 ? '' : 's'}` });
    const [cpr, akasse, fleksjobText = ''] = fields as [string, string, string?];
    const flag = fleksjobText.toLowerCase();
    if (!TRUE.has(flag) && !FALSE.has(flag)) return bad({ code: 'wrong-type', field: 'fleksjob', message: 'fleksjob must be true/false, 1/0, ja/nej or empty' });
    return changeOf(cpr, akasse === '' ? null : akasse, TRUE.has(flag), knownFunds);
  };
};
