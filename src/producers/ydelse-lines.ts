import avro from 'avsc';
import { carriesCpr, cprInIdentifiers } from '../rules/ch01/index.ts';
import { checkCpr, checkKommunekode } from '../rules/identifiers/index.ts';
import type { Reason } from '../rules/verdict.ts';
import { avroOptions } from '../shared/logical-types.ts';
import { loadSchema } from '../shared/registry.ts';
import { jsonObjectLine } from './member-lines.ts';
import { reasonsAgainst } from './validate.ts';

/** The two records of the grants-and-payments data area, one topic each. */
export const YDELSE_ARTER = ['bevilling', 'udbetaling'] as const;
export type YdelseArt = (typeof YDELSE_ARTER)[number];

/** A grant decision or a payment, as `schemas/bevilling.avsc` / `schemas/udbetaling.avsc` hold it. */
export interface YdelseRecord {
  readonly art: YdelseArt;
  readonly record: Record<string, unknown>;
}

/** What one line of a grants-and-payments file says. A reason never carries the CPR number. */
export type YdelseLine =
  | { readonly kind: 'ydelse'; readonly ydelse: YdelseRecord }
  | { readonly kind: 'skip' }
  | { readonly kind: 'bad'; readonly reasons: readonly Reason[] };

const SCHEMA_OF: Record<YdelseArt, string> = { bevilling: 'bevilling', udbetaling: 'udbetaling' };
const ID_OF: Record<YdelseArt, string> = { bevilling: 'bevillingId', udbetaling: 'udbetalingId' };
const types = new Map<YdelseArt, avro.Type>();
const typeOf = (art: YdelseArt): avro.Type => {
  let type = types.get(art);
  if (!type) types.set(art, (type = avro.Type.forSchema(loadSchema(SCHEMA_OF[art]) as avro.Schema, avroOptions())));
  return type;
};

/** Optional fields a payment system's JSON may leave out: null (or false) as the schema's default says. */
const withDefaults = (art: YdelseArt, record: Record<string, unknown>): Record<string, unknown> => {
  const filled: Record<string, unknown> = { ...record };
  for (const f of loadSchema(SCHEMA_OF[art]).fields as Array<{ name: string; default?: unknown }>) {
    if (!(f.name in filled) && f.default !== undefined) filled[f.name] = f.default;
  }
  return filled;
};

/**
 * Validates one grant or payment the way every report is validated before it is sent: the
 * contract's shape, then the CPR number, the municipality, the period, and no CPR number in an
 * identifier (ids travel in keys and discrepancies).
 */
export const ydelseReasons = (art: YdelseArt, record: Record<string, unknown>): Reason[] => {
  const reasons = reasonsAgainst(typeOf(art), record);
  if (reasons.length > 0) return reasons;
  const cpr = checkCpr(record.cpr);
  if (cpr.errors.length > 0) reasons.push({ code: 'cpr-format', field: 'cpr', message: 'cpr must be ten digits (DDMMYYSSSS, no dash) that begin with a real birth date' });
  reasons.push(...checkKommunekode(record.kommunekode).errors);
  const id = String(record[ID_OF[art]]);
  if (id.trim() === '') reasons.push({ code: 'missing-field', field: ID_OF[art], message: `${ID_OF[art]} must not be empty` });
  for (const field of [ID_OF[art], 'bevillingId'] as const) {
    const value = record[field];
    if (typeof value === 'string' && carriesCpr(value)) reasons.push({ code: 'cpr-in-identifier', field, message: `${field} looks like it carries a CPR number; identifiers are used in keys and discrepancies, so choose one without it (a UUID).` });
  }
  reasons.push(...cprInIdentifiers({ kildesystem: record.kildesystem, foranstaltningId: record.foranstaltningId, tilbudId: record.tilbudId }));
  const tildato = record.tildato as string | null;
  if (tildato !== null && tildato < String(record.fradato)) reasons.push({ code: 'period-reversed', field: 'tildato', message: `tildato ${tildato} is before fradato ${String(record.fradato)}` });
  const ydelse = record.ydelse;
  if (ydelse === 'FORANSTALTNING' && !record.foranstaltningId && art === 'bevilling') reasons.push({ code: 'missing-field', field: 'foranstaltningId', message: 'a FORANSTALTNING grant names the measure (foranstaltningId, as reported in chapter 8 or 9)' });
  if (ydelse === 'HJAELPEMIDDEL' && !record.hjaelpemiddel) reasons.push({ code: 'missing-field', field: 'hjaelpemiddel', message: 'a HJAELPEMIDDEL grant or payment names the aid (hjaelpemiddel, § 55 stk. 1)' });
  if (typeof record.beloebOere === 'number' && record.beloebOere < 0) reasons.push({ code: 'negative-amount', field: 'beloebOere', message: 'beloebOere must not be negative (reverse a payment with annulleret: true)' });
  return reasons;
};

const bad = (...reasons: Reason[]): YdelseLine => ({ kind: 'bad', reasons });

/**
 * One line of a grants-and-payments file: a JSON object `{"art": "bevilling" | "udbetaling", …}`
 * with the contract's fields. Pure: no I/O.
 */
export const parseYdelseLine = (raw: string): YdelseLine => {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (text === '') return { kind: 'skip' };
  const line = jsonObjectLine(text);
  if ('reason' in line) return bad(line.reason);
  const { art, ...fields } = line.object;
  if (art !== 'bevilling' && art !== 'udbetaling') return bad({ code: 'missing-field', field: 'art', message: 'art must be "bevilling" or "udbetaling"' });
  const record = withDefaults(art, fields);
  const reasons = ydelseReasons(art, record);
  return reasons.length > 0 ? bad(...reasons) : { kind: 'ydelse', ydelse: { art, record } };
};
