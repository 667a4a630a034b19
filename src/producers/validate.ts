import avro from 'avsc';
import type { Reason } from '../rules/verdict.ts';
import { loadSchema } from '../shared/registry.ts';
import { dataArea } from '../config/data-areas.ts';

const types = new Map<number, avro.Type>();

const typeFor = (kapitel: number): avro.Type | undefined => {
  const area = dataArea(kapitel);
  if (!area) return undefined;
  let type = types.get(kapitel);
  if (!type) {
    type = avro.Type.forSchema(loadSchema(area.schema) as avro.Schema);
    types.set(kapitel, type);
  }
  return type;
};

/**
 * Checks a report against its data area's Avro schema and names every field that does not fit.
 * This is the shape check; the rules' own required-field checks run after it.
 */
export const schemaReasons = (kapitel: number, report: unknown): Reason[] => {
  const type = typeFor(kapitel);
  if (!type) return [{ code: 'unknown-data-area', field: 'kapitel', message: `kapitel ${kapitel} is not a data area the hub accepts` }];
  const reasons: Reason[] = [];
  type.isValid(report, {
    errorHook(path, value, fieldType) {
      const field = path.join('.') || '(report)';
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
  ({ string: 'text', int: 'a whole number', long: 'a whole number', boolean: 'true or false', double: 'a number', float: 'a number', record: 'an object', array: 'a list', enum: 'one of the listed values' } as Record<string, string>)[avroType] ?? avroType;

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
