import { DATA_AREAS } from '../config/data-areas.ts';
import { loadSchema } from '../shared/registry.ts';
import { avroToJsonSchema, type JsonSchema } from './avro-json-schema.ts';

/** Each data area's report as JSON Schema, converted from its Avro schema (the one source). */
export const dataAreaJsonSchemas = (): Array<{ kapitel: number; titel: string; webserviceOnly: boolean; schema: JsonSchema }> =>
  DATA_AREAS.map((a) => ({ kapitel: a.kapitel, titel: a.titel, webserviceOnly: a.webserviceOnly, schema: avroToJsonSchema(loadSchema(a.schema) as never) }));

const reason: JsonSchema = { type: 'object', properties: { code: { type: 'string' }, field: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] };

/** The body of every error answer: a code from docs/errors.md, a sentence, and the reasons naming fields. */
export const errorSchema: JsonSchema = {
  type: 'object', required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, reasons: { type: 'array', items: reason } } } },
};

/** The submission body: `{kapitel, report}`; the flattened `{kapitel, ...report}` is accepted too. */
export const submissionSchema = (): JsonSchema => {
  const areas = dataAreaJsonSchemas();
  return {
    type: 'object',
    description: 'A report: kapitel names the data area, report holds that area\'s record (schemas/kapitelNN-*.avsc). The flattened form {kapitel, ...fields} is accepted too. indberetningId is generated and kildesystem taken from the connection agreement when absent.',
    required: ['kapitel', 'report'],
    properties: {
      kapitel: { type: 'integer', enum: areas.map((a) => a.kapitel) },
      report: { anyOf: areas.map((a) => ({ ...a.schema, required: ((a.schema.required as string[] | undefined) ?? []).filter((f) => f !== 'indberetningId' && f !== 'kildesystem') })) },
    },
  };
};

export const acceptedSchema: JsonSchema = { type: 'object', required: ['indberetningId', 'kvittering'], properties: { indberetningId: { type: 'string' }, kvittering: { type: 'string', description: 'URL of the receipt' } } };

export const validationSchema: JsonSchema = { type: 'object', required: ['gyldig', 'aarsager'], properties: { gyldig: { type: 'boolean' }, aarsager: { type: 'array', items: reason } } };

export const receiptSchema = (): JsonSchema => avroToJsonSchema(loadSchema('kvittering') as never);

export const noticeSchema: JsonSchema = {
  type: 'object', required: ['kommunekode', 'idriftsaettelse', 'system', 'beskrivelse'], additionalProperties: false,
  properties: {
    kommunekode: { type: 'string', pattern: '^[0-9]{3}$' },
    idriftsaettelse: { type: 'string', format: 'date', description: 'Go-live day of the changed system (Copenhagen date).' },
    system: { type: 'string', minLength: 1 },
    beskrivelse: { type: 'string', minLength: 1 },
  },
};

/** POST /api/v1/personnoegler: CPR numbers in, their person keys out, in the same order. */
export const personKeyRequestSchema: JsonSchema = {
  type: 'object', required: ['cpr'], additionalProperties: false,
  properties: { cpr: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', pattern: '^[0-9]{10}$' }, description: 'CPR numbers, ten digits without a dash' } },
};
export const personKeyResponseSchema: JsonSchema = {
  type: 'object', required: ['personnoegler'],
  properties: { personnoegler: { type: 'array', items: { type: 'string', pattern: '^pn[a-z2-7]{26}$' }, description: 'one key per CPR number, in the order asked; a key never changes' } },
};
