import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { DANMARKS_STATISTIK_UDELADT, payloadFor, UVM_FELTER } from '../../../src/rules/sharing/index.ts';
import { avroOptions } from '../../../src/shared/logical-types.ts';
import * as fx from '../fixtures.ts';
import { CPR_BORN_2000_03_15 } from '../fixtures.ts';

type Field = { name: string; type: unknown; default?: unknown };
type Schema = { name: string; namespace: string; fields: Field[] };

const read = (file: string): Schema => JSON.parse(readFileSync(new URL(`../../../schemas/${file}`, import.meta.url), 'utf8')) as Schema;
const nn = (k: number) => String(k).padStart(2, '0');

const FIXTURES: Record<number, unknown[]> = {
  2: [fx.kapitel2Start(), fx.kapitel2Slut(), fx.kapitel2Tilmelding(), fx.kapitel2Afmelding('2011-03-02')],
  3: [fx.kapitel3()],
  4: [fx.kapitel4()],
  5: [fx.kapitel5()],
  6: [fx.kapitel6()],
  7: [fx.kapitel7()],
  8: [fx.kapitel8()],
  9: [fx.kapitel9()],
  10: [fx.kapitel10()],
};

const ENVELOPE: Record<string, unknown> = {
  indberetningId: 'string',
  kildesystem: 'string',
  kommunekode: 'string',
  cpr: 'string',
  haendelsesdato: { type: 'int', logicalType: 'date' },
  kendskabsdato: ['null', { type: 'int', logicalType: 'date' }],
  registreretTidspunkt: { type: 'long', logicalType: 'timestamp-millis' },
};

/** Every field whose type is a union starting with null, at any depth. */
const optionalFields = (fields: Field[], path = ''): { path: string; field: Field }[] =>
  fields.flatMap((f) => {
    const own = Array.isArray(f.type) && f.type[0] === 'null' ? [{ path: `${path}${f.name}`, field: f }] : [];
    const nested = (Array.isArray(f.type) ? f.type : [f.type]).flatMap((t) =>
      t !== null && typeof t === 'object' && (t as { type?: string }).type === 'record' ? optionalFields((t as Schema).fields, `${path}${f.name}.`) : [],
    );
    return [...own, ...nested];
  });

describe.each([2, 3, 4, 5, 6, 7, 8, 9, 10])('schemas/kapitel%s-indberetning.avsc', (k) => {
  const schema = read(`kapitel${nn(k)}-indberetning.avsc`);

  it('parses with avsc', () => {
    expect(() => avro.Type.forSchema(schema as never, avroOptions())).not.toThrow();
  });

  it(`lives in namespace dk.beskaeftigelse.hub.kapitel${k}`, () => {
    expect(schema.namespace).toBe(`dk.beskaeftigelse.hub.kapitel${k}`);
  });

  it('carries the common envelope and a haendelsestype', () => {
    const byName = new Map(schema.fields.map((f) => [f.name, f]));
    for (const [name, type] of Object.entries(ENVELOPE)) expect(byName.get(name)?.type, name).toEqual(type);
    expect(byName.get('kendskabsdato')?.default).toBeNull();
    expect(byName.has('haendelsestype')).toBe(true);
  });

  it('gives every optional field the default null', () => {
    const optional = optionalFields(schema.fields);
    expect(optional.length).toBeGreaterThan(0);
    for (const { path, field } of optional) expect(field.default, path).toBeNull();
  });

  it('accepts the TypeScript fixtures as they are (the TS type matches the schema)', () => {
    const type = avro.Type.forSchema(schema as never, avroOptions());
    for (const report of FIXTURES[k] ?? []) {
      const errors: string[] = [];
      type.isValid(report, { errorHook: (path) => errors.push(path.join('.')) });
      expect(errors).toEqual([]);
      // And nothing extra: a round trip keeps every key; an instant comes back as the same moment in UTC.
      const sent = report as { registreretTidspunkt: string };
      expect(type.fromBuffer(type.toBuffer(report))).toEqual({ ...sent, registreretTidspunkt: new Date(sent.registreretTidspunkt).toISOString() });
    }
  });
});

describe('Danmarks Statistik schemas', () => {
  it.each([2, 3, 4, 5, 8, 9, 11])('kapitel %s: the chapter schema without the left-out fields, and the projection fits it', (k) => {
    const ds = read(`danmarks-statistik-kapitel${nn(k)}.avsc`);
    const source = read(`kapitel${nn(k)}-indberetning.avsc`);
    const leftOut = DANMARKS_STATISTIK_UDELADT[k as 2] ?? [];
    expect(leftOut.length).toBeGreaterThan(0);
    expect(ds.fields).toEqual(source.fields.filter((f) => !leftOut.includes(f.name)));
    for (const name of leftOut) expect(ds.fields.map((f) => f.name)).not.toContain(name);
    const type = avro.Type.forSchema(ds as never, avroOptions());
    for (const report of FIXTURES[k] ?? []) expect(type.isValid(payloadFor('danmarks-statistik', k as 2, report as never))).toBe(true);
  });
});

describe('schemas/uvm-foranstaltning.avsc', () => {
  it('has exactly the four fields of § 52 stk. 4 and fits the UVM projection', () => {
    const schema = read('uvm-foranstaltning.avsc');
    expect(schema.fields.map((f) => f.name)).toEqual([...UVM_FELTER]);
    const m = fx.kapitel9().foranstaltning!;
    const report = fx.kapitel9({ cpr: CPR_BORN_2000_03_15, foranstaltning: { ...m, startdato: '2017-08-01', slutdato: '2017-12-31' } });
    const payload = payloadFor('uvm', 9, report);
    expect(avro.Type.forSchema(schema as never, avroOptions()).isValid(payload)).toBe(true);
  });
});
