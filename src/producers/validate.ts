import { randomUUID } from 'node:crypto';
import avro from 'avsc';
import { carriesCpr } from '../rules/ch01/index.ts';
import type { Reason } from '../rules/verdict.ts';
import { loadSchema } from '../shared/registry.ts';
import { dataArea } from '../config/data-areas.ts';
import { avroOptions } from '../shared/logical-types.ts';

const types = new Map<number, avro.Type>();

const typeFor = (kapitel: number): avro.Type | undefined => {
  const area = dataArea(kapitel);
  if (!area) return undefined;
  let type = types.get(kapitel);
  if (!type) {
    type = avro.Type.forSchema(loadSchema(area.schema) as avro.Schema, avroOptions());
    types.set(kapitel, type);
  }
  return type;
};

/** The logical type of a field, also when it is the non-null branch of a nullable union. */
const logicalOf = (type: avro.Type): string | undefined => {
  const branches = (type as { types?: avro.Type[] }).types ?? [type];
  return branches.map((t) => t.typeName).find((name) => name.startsWith('logical:'));
};

/**
 * Checks a report against its data area's Avro schema and names every field that does not fit.
 * This is the shape check; the rules' own required-field checks run after it.
 */
export const schemaReasons = (kapitel: number, report: unknown): Reason[] => {
  const type = typeFor(kapitel);
  if (!type) return [{ code: 'unknown-data-area', field: 'kapitel', message: `kapitel ${kapitel} is not a data area the hub accepts` }];
  return reasonsAgainst(type, report);
};

/** Checks a value against an Avro type and names every field that does not fit (the shape check of every contract). */
export const reasonsAgainst = (type: avro.Type, report: unknown): Reason[] => {
  const reasons: Reason[] = [];
  type.isValid(report, {
    errorHook(path, value, fieldType) {
      const field = path.join('.') || '(report)';
      // A date or instant in the wrong form: the rules' own codes and wording, as before logical types.
      const logical = logicalOf(fieldType);
      if (value !== undefined && value !== null && logical === 'logical:date') {
        reasons.push({ code: 'invalid-date', field, message: `${field} must be a real date written YYYY-MM-DD, got ${JSON.stringify(value)}.` });
        return;
      }
      if (value !== undefined && value !== null && logical === 'logical:timestamp-millis') {
        reasons.push({ code: 'invalid-instant', field, message: `${field} must be an ISO-8601 instant with a time zone (e.g. 2011-01-03T09:15:00+01:00), got ${JSON.stringify(value)}.` });
        return;
      }
      const expected = typeof fieldType.typeName === 'string' ? fieldType.typeName : 'another type';
      // A field left out and a required field sent as null are both missing, whatever its type.
      if (value === undefined || value === null) {
        reasons.push({ code: 'missing-field', field, message: `${field} is missing (required, ${describeType(expected)})` });
        return;
      }
      const shown = typeof value === 'string' ? 'text' : Array.isArray(value) ? 'a list' : typeof value;
      reasons.push({ code: 'wrong-type', field, message: `${field}: expected ${describeType(expected)}, found ${shown}` });
    },
  });
  return reasons;
};

const describeType = (avroType: string): string =>
  ({ string: 'text', int: 'a whole number', long: 'a whole number', boolean: 'true or false', double: 'a number', float: 'a number', record: 'an object', array: 'a list', enum: 'one of the listed values', 'logical:date': 'a date, YYYY-MM-DD', 'logical:timestamp-millis': 'an ISO-8601 instant' } as Record<string, string>)[avroType] ?? avroType;

/** Fills absent optional (nullable) fields with null, as the JSON of a case system may leave them out. */
export const withNullDefaults = (kapitel: number, report: Record<string, unknown>): Record<string, unknown> => {
  const nullable = nullableFieldsOf(kapitel);
  if (!nullable) return report;
  const filled: Record<string, unknown> = { ...report };
  for (const name of nullable) if (!(name in filled)) filled[name] = null;
  return filled;
};

/** Top-level fields defaulting to null, per data area: read from the schema file once, not per report. */
const nullableFields = new Map<number, readonly string[]>();

const nullableFieldsOf = (kapitel: number): readonly string[] | undefined => {
  const area = dataArea(kapitel);
  if (!area) return undefined;
  let names = nullableFields.get(kapitel);
  if (!names) {
    names = (loadSchema(area.schema).fields as Array<{ name: string; default?: unknown }>).filter((f) => f.default === null).map((f) => f.name);
    nullableFields.set(kapitel, names);
  }
  return names;
};

/** A fresh report id: a UUID, drawn again in the rare case that it holds a run the rules would read as a CPR number. */
export const newIndberetningId = (): string => {
  for (;;) {
    const id = randomUUID();
    if (!carriesCpr(id)) return id;
  }
};
