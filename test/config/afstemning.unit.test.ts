import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAfstemningsregler } from '../../src/config/afstemning.ts';
import { DEFAULT_AFSTEMNINGSREGLER } from '../../src/rules/afstemning/index.ts';

const file = (content: string) => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'afst-cfg-')), 'afstemning.json');
  fs.writeFileSync(f, content);
  return f;
};

describe('the reconciliation tolerances', () => {
  it('are the documented defaults unless a file overrides them field by field', () => {
    expect(loadAfstemningsregler(undefined)).toBe(DEFAULT_AFSTEMNINGSREGLER);
    expect(DEFAULT_AFSTEMNINGSREGLER).toMatchObject({ registreringDage: 7, efterslutDage: 0, godkendelseDage: 0 });
    const r = loadAfstemningsregler(file('{"efterslutDage": 14, "kontaktgrupperForYdelse": {"DAGPENGE": [1]}}'));
    expect(r).toEqual({ ...DEFAULT_AFSTEMNINGSREGLER, efterslutDage: 14, kontaktgrupperForYdelse: { DAGPENGE: [1] } });
  });

  it('name the bad field', () => {
    expect(() => loadAfstemningsregler(file('{"registreringDage": -1}'))).toThrow(/registreringDage must be a whole number/);
    expect(() => loadAfstemningsregler(file('{"kontaktgrupperForYdelse": {"LOEN": [1]}}'))).toThrow(/kontaktgrupperForYdelse.LOEN/);
    expect(() => loadAfstemningsregler('/nonexistent/afstemning.json')).toThrow(/HUB_AFSTEMNING_FILE: cannot read/);
  });
});
