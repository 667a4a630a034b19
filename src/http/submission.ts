import { preSendCheck } from '../app/rules.ts';
import { dataArea, type DataArea } from '../config/data-areas.ts';
import { newIndberetningId, schemaReasons, withNullDefaults } from '../producers/validate.ts';
import type { Reason } from '../rules/verdict.ts';

/** What an HTTP body means: a report of a data area, or why it is not one. */
export type ReadBody =
  | { readonly ok: true; readonly area: DataArea; readonly report: Record<string, unknown> }
  | { readonly ok: false; readonly status: 400 | 422; readonly code: 'REPORT_INVALID' | 'UNKNOWN_DATA_AREA'; readonly message: string; readonly reasons: readonly Reason[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads `{kapitel, report}` or the flattened form `{kapitel, ...fields}`. A missing or non-integer
 * kapitel is a 400 naming the field; an integer that is no data area is a 422.
 */
export const readBody = (body: unknown): ReadBody => {
  if (!isObject(body)) return { ok: false, status: 400, code: 'REPORT_INVALID', message: 'the body must be a JSON object {kapitel, report}', reasons: [{ code: 'wrong-type', field: '(body)', message: 'the body must be a JSON object' }] };
  const { kapitel, report, ...rest } = body;
  if (typeof kapitel !== 'number' || !Number.isInteger(kapitel)) {
    return { ok: false, status: 400, code: 'REPORT_INVALID', message: 'kapitel must be a whole number (the data area, 2-11)', reasons: [{ code: kapitel === undefined ? 'missing-field' : 'wrong-type', field: 'kapitel', message: 'kapitel must be a whole number (the data area, 2-11)' }] };
  }
  const area = dataArea(kapitel);
  if (!area) return { ok: false, status: 422, code: 'UNKNOWN_DATA_AREA', message: `kapitel ${kapitel} is not a data area the hub accepts (2-11)`, reasons: [{ code: 'unknown-data-area', field: 'kapitel', message: `kapitel ${kapitel} is not a data area the hub accepts (2-11)` }] };
  if (report !== undefined) {
    if (!isObject(report)) return { ok: false, status: 400, code: 'REPORT_INVALID', message: 'report must be a JSON object', reasons: [{ code: 'wrong-type', field: 'report', message: 'report must be a JSON object' }] };
    if (Object.keys(rest).length > 0) return { ok: false, status: 400, code: 'REPORT_INVALID', message: `unexpected fields beside report: ${Object.keys(rest).slice(0, 5).join(', ')}`, reasons: Object.keys(rest).slice(0, 20).map((f) => ({ code: 'unknown-field', field: f, message: `${f} belongs inside report` })) };
    return { ok: true, area, report };
  }
  return { ok: true, area, report: rest };
};

/** Fills what the SDK fills (an id, nulls for absent optional fields) and the sender from the agreement. */
export const completeReport = (kapitel: number, report: Record<string, unknown>, kildesystem: string): Record<string, unknown> =>
  withNullDefaults(kapitel, { indberetningId: newIndberetningId(), kildesystem, ...report });

/** The SDK's own checks, in its order: the Avro shape, then the rules' field checks (preSendCheck). */
export const validationReasons = (kapitel: number, report: Record<string, unknown>): readonly Reason[] => {
  const shape = schemaReasons(kapitel, report);
  if (shape.length > 0) return shape;
  return preSendCheck(kapitel, report);
};

/** Fields the schema does not know (Avro would drop them silently; a web service says so). */
export const unknownFields = (fieldNames: readonly string[], report: Record<string, unknown>): readonly Reason[] =>
  Object.keys(report).filter((k) => !fieldNames.includes(k)).slice(0, 20).map((k) => ({ code: 'unknown-field', field: k, message: `${k} is not a field of this data area` }));
