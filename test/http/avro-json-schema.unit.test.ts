import { describe, expect, it } from 'vitest';
import { DATA_AREAS } from '../../src/config/data-areas.ts';
import { avroToJsonSchema } from '../../src/http/avro-json-schema.ts';
import { loadSchema } from '../../src/shared/registry.ts';

describe('Avro → JSON Schema', () => {
  it('turns records, nullable unions, enums, arrays and named references into JSON Schema', () => {
    const s = avroToJsonSchema({
      type: 'record', name: 'R', namespace: 'x', fields: [
        { name: 'a', type: 'string', doc: 'A' },
        { name: 'n', type: ['null', 'int'], default: null },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['X', 'Y'] } },
        { name: 'list', type: { type: 'array', items: 'E' }, default: [] },
        { name: 'sub', type: ['null', { type: 'record', name: 'S', fields: [{ name: 'd', type: 'double' }] }], default: null },
      ],
    } as never);
    expect(s).toMatchObject({
      type: 'object', required: ['a', 'e'], additionalProperties: false,
      properties: {
        a: { type: 'string', description: 'A' },
        n: { type: 'integer', nullable: true, default: null },
        e: { type: 'string', enum: ['X', 'Y'] },
        list: { type: 'array', items: { type: 'string', enum: ['X', 'Y'] } },
        sub: { type: 'object', nullable: true, required: ['d'], properties: { d: { type: 'number' } } },
      },
    });
  });

  it.each(DATA_AREAS.map((a) => [a.kapitel, a.schema] as const))('converts kapitel %i (%s) with every Avro field present', (_k, name) => {
    const avro = loadSchema(name) as unknown as { fields: Array<{ name: string }> };
    const json = avroToJsonSchema(avro as never) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(json.properties)).toEqual(avro.fields.map((f) => f.name));
    expect(json.required).toEqual(expect.arrayContaining(['indberetningId', 'kildesystem', 'kommunekode', 'cpr']));
  });
});
