// Topic-to-record types have one home, the Avro schemas: src/config/records.generated.ts is generated
// from them, and this test fails when a schema changed without `npm run schemas:types`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaTypes } from '../../infra/schema-types.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('record types generated from the schemas', () => {
  it('are up to date (npm run schemas:types)', () => {
    const committed = fs.readFileSync(path.join(root, 'src/config/records.generated.ts'), 'utf8');
    expect(committed).toBe(schemaTypes(path.join(root, 'schemas')));
  });

  it('follow the schema: enums as literal unions, unions with null, logical dates as strings', () => {
    const text = schemaTypes(path.join(root, 'schemas'));
    const kvittering = text.slice(text.indexOf('export type Kvittering ='), text.indexOf('};', text.indexOf('export type Kvittering =')));
    expect(kvittering).toContain("readonly udfald: 'LEVERET' | 'AFVIST'");
    expect(kvittering).toContain('readonly paragraf: null | string;');
    expect(kvittering).toContain('readonly behandletTidspunkt: string;');
    expect(kvittering).toContain('readonly aarsager: ReadonlyArray<');
  });
});
