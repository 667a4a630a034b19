import avro from 'avsc';
import { remembered, rememberedTwo } from './remembered.ts';

/**
 * Avro logical types (spec § "Logical Types") for the hub's dates and instants, so that the wire
 * carries `int`/`date` (days since 1970-01-01) and `long`/`timestamp-millis` while the hub, the
 * rules and the JSON of the web service keep working with the ISO strings they always had:
 * `YYYY-MM-DD` for a date, `toISOString()` form (UTC, milliseconds, `Z`) for an instant.
 * An instant written with another offset (`2011-01-03T09:15:00+01:00`) reads back as the same
 * moment in UTC (`2011-01-03T08:15:00.000Z`): Avro keeps the moment, not the offset.
 */
const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant with an explicit offset: a local time without one would be read in the host's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Days since 1970-01-01 of a real `YYYY-MM-DD` date, else undefined. */
export const epochDay = (value: unknown): number | undefined => (typeof value === 'string' ? epochDayOf(value) : undefined);

const epochDayOf = remembered((value: string): number | undefined => {
  const m = LOCAL_DATE.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over into March: only a date that survives the round trip is real.
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return undefined;
  return ms / DAY_MS;
});

export const dateOfEpochDay = remembered((days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10));

// A batch's records carry the same processing time several times each (receipt, notification,
// delivery record), and each report its time of receipt beside it: the instant conversions below
// remember their last two answers.
/** `toISOString()` of epoch milliseconds (UTC, milliseconds, `Z`). */
export const isoInstant = rememberedTwo((ms: number): string => new Date(ms).toISOString());

const millisOfText = rememberedTwo((value: string): number | undefined => {
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
});

/** Epoch milliseconds of an ISO-8601 instant with an offset (or of a finite number), else undefined. */
export const epochMillis = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  return typeof value === 'string' ? millisOfText(value) : undefined;
};

class DateType extends avro.types.LogicalType {
  override _fromValue(value: number): string { return dateOfEpochDay(value); }
  override _toValue(value: unknown): number | undefined { return epochDay(value); }
  override _resolve(type: avro.Type) {
    if (avro.Type.isType(type, 'logical:date')) return (value: number) => value;
    return undefined;
  }
}

class TimestampMillisType extends avro.types.LogicalType {
  override _fromValue(value: number): string { return isoInstant(value); }
  override _toValue(value: unknown): number | undefined { return epochMillis(value); }
  override _resolve(type: avro.Type) {
    if (avro.Type.isType(type, 'logical:timestamp-millis')) return (value: number) => value;
    return undefined;
  }
}

/** avsc's `logicalTypes` option: every schema the hub parses (registry, validation) uses these. */
export const LOGICAL_TYPES: Record<string, new (schema: avro.Schema, opts?: avro.ForSchemaOptions) => avro.types.LogicalType> = {
  date: DateType as never,
  'timestamp-millis': TimestampMillisType as never,
};

/**
 * avsc `forSchema` options with the hub's logical types. A fresh object each time: avsc keeps the
 * named types it parsed in the options (`registry`), and a shared one would refuse a second schema
 * that declares the same record.
 */
export const avroOptions = (): Partial<avro.ForSchemaOptions> => ({ logicalTypes: LOGICAL_TYPES });
