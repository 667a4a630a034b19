/**
 * Avro → JSON Schema (the OpenAPI 3.0 dialect: `nullable` rather than type arrays), so the web
 * service's OpenAPI document and the registration page's forms come from the SAME
 * `schemas/*.avsc` files the SDK validates and the registry holds. Named types are inlined where
 * they are used (no `$ref`), which keeps each data area's schema self-contained.
 */
export type JsonSchema = { [key: string]: unknown };

type Avro = string | Avro[] | { type: string | Avro[]; [key: string]: unknown };

const PRIMITIVES: Record<string, JsonSchema> = {
  string: { type: 'string' },
  int: { type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 },
  long: { type: 'integer', format: 'int64' },
  float: { type: 'number', format: 'float' },
  double: { type: 'number', format: 'double' },
  boolean: { type: 'boolean' },
  bytes: { type: 'string', format: 'byte' },
};

const LOGICAL: Record<string, JsonSchema> = {
  date: { type: 'string', format: 'date', example: '2026-11-30' },
  'timestamp-millis': { type: 'string', format: 'date-time', example: '2026-11-30T09:15:00+01:00' },
};

const fullName = (name: string, namespace: string | undefined): string => (name.includes('.') || !namespace ? name : `${namespace}.${name}`);

export const avroToJsonSchema = (root: Avro): JsonSchema => {
  const named = new Map<string, JsonSchema>();
  const convert = (schema: Avro, namespace: string | undefined): JsonSchema => {
    if (typeof schema === 'string') {
      if (schema === 'null') return { nullable: true, enum: [null] };
      const primitive = PRIMITIVES[schema];
      if (primitive) return { ...primitive };
      const found = named.get(fullName(schema, namespace)) ?? named.get(schema);
      if (!found) throw new Error(`unknown Avro type name ${schema}`);
      return found;
    }
    if (Array.isArray(schema)) {
      const branches = schema.filter((b) => b !== 'null');
      const nullable = branches.length < schema.length;
      if (branches.length === 1) {
        const only = convert(branches[0]!, namespace);
        return nullable ? { ...only, nullable: true } : only;
      }
      return { oneOf: branches.map((b) => convert(b, namespace)), ...(nullable ? { nullable: true } : {}) };
    }
    const type = schema.type;
    if (typeof type !== 'string' || Array.isArray(type)) return convert(type as Avro, namespace);
    const ns = typeof schema.namespace === 'string' ? schema.namespace : namespace;
    const doc = typeof schema.doc === 'string' ? { description: schema.doc } : {};
    // JSON carries dates and instants as the strings the codec's logical types read and write.
    const logical = LOGICAL[String(schema.logicalType)];
    if (logical) return { ...logical, ...doc };
    switch (type) {
      case 'record': {
        const fields = schema.fields as Array<{ name: string; type: Avro; doc?: string; default?: unknown }>;
        const out: JsonSchema = { type: 'object', title: String(schema.name), ...doc, properties: {}, required: [], additionalProperties: false };
        named.set(fullName(String(schema.name), ns), out);
        for (const f of fields) {
          const converted = convert(f.type, ns);
          (out.properties as Record<string, JsonSchema>)[f.name] = { ...converted, ...(f.doc ? { description: f.doc } : {}), ...('default' in f ? { default: f.default } : {}) };
          if (!('default' in f)) (out.required as string[]).push(f.name);
        }
        if ((out.required as string[]).length === 0) delete out.required;
        return out;
      }
      case 'enum': {
        const out: JsonSchema = { type: 'string', title: String(schema.name), ...doc, enum: [...(schema.symbols as string[])] };
        named.set(fullName(String(schema.name), ns), out);
        return out;
      }
      case 'array':
        return { type: 'array', items: convert(schema.items as Avro, ns), ...doc };
      case 'map':
        return { type: 'object', additionalProperties: convert(schema.values as Avro, ns), ...doc };
      case 'fixed':
        return { type: 'string', minLength: Number(schema.size), maxLength: Number(schema.size) };
      default: {
        const primitive = PRIMITIVES[type];
        if (primitive) return { ...primitive, ...doc };
        return convert(type, ns);
      }
    }
  };
  return convert(root, undefined);
};
