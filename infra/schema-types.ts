// Generates src/config/records.generated.ts: one TypeScript type per Avro schema in schemas/, so that
// the schema stays the one home of a topic's record shape and the code that writes a record is
// checked against it (src/config/topics.ts types each topic name with its record). Run with
// `npm run schemas:types`; test/config/records.unit.test.ts fails when the file is out of date.
// Logical types come out as the strings the codec hands the hub (src/shared/logical-types.ts).
import fs from 'node:fs';
import path from 'node:path';

type Schema = string | Schema[] | { type: string; name?: string; fields?: Field[]; symbols?: string[]; items?: Schema; values?: Schema; logicalType?: string; doc?: string };
interface Field { name: string; type: Schema; doc?: string }

const PRIMITIVE: Record<string, string> = {
  null: 'null', boolean: 'boolean', int: 'number', long: 'number', float: 'number', double: 'number', bytes: 'Buffer', string: 'string',
};

const typeName = (file: string) => file.replace(/\.avsc$/, '').split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

const tsOf = (schema: Schema, named: Map<string, string>, indent: string): string => {
  if (typeof schema === 'string') {
    const known = PRIMITIVE[schema] ?? named.get(schema) ?? named.get(schema.split('.').at(-1)!);
    if (!known) throw new Error(`unknown Avro type ${schema}`);
    return known;
  }
  if (Array.isArray(schema)) return schema.map((s) => tsOf(s, named, indent)).join(' | ');
  if (schema.logicalType === 'date' || schema.logicalType?.startsWith('timestamp')) return 'string';
  switch (schema.type) {
    case 'record': {
      const inner = `${indent}  `;
      const body = `{\n${schema.fields!.map((f) => `${inner}readonly ${f.name}: ${tsOf(f.type, named, inner)};`).join('\n')}\n${indent}}`;
      if (schema.name) named.set(schema.name, body);
      return body;
    }
    case 'enum': {
      const body = schema.symbols!.map((s) => `'${s}'`).join(' | ');
      if (schema.name) named.set(schema.name, body);
      return body;
    }
    case 'array': return `ReadonlyArray<${tsOf(schema.items!, named, indent)}>`;
    case 'map': return `Readonly<Record<string, ${tsOf(schema.values!, named, indent)}>>`;
    default: return tsOf(schema.type, named, indent);
  }
};

/** The generated file's text for every schema in `schemasDir` (data areas' inbound records excepted: the codec wraps them). */
export const schemaTypes = (schemasDir: string): string => {
  const files = fs.readdirSync(schemasDir).filter((f) => f.endsWith('.avsc') && !f.endsWith('-indberetning.avsc')).sort();
  const types = files.map((file) => {
    const schema = JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8')) as Schema & { doc?: string };
    const doc = typeof schema === 'object' && !Array.isArray(schema) && schema.doc ? `/** ${schema.doc.replace(/\*\//g, '*\\/')} */\n` : '';
    return `${doc}export type ${typeName(file)} = ${tsOf(schema, new Map(), '')};\n`;
  });
  return `// Generated from schemas/*.avsc by infra/schema-types.ts (npm run schemas:types). Do not edit.\n\n${types.join('\n')}`;
};

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const out = path.join(root, 'src', 'config', 'records.generated.ts');
  fs.writeFileSync(out, schemaTypes(path.join(root, 'schemas')));
  process.stdout.write(`${path.relative(root, out)}\n`);
}
