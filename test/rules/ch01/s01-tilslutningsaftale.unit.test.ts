import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { admit, admitFromRegistrationPage, type Tilslutningsaftale } from '../../../src/rules/ch01/index.ts';

const aftale: Tilslutningsaftale = { id: 'sag-a', kommunekoder: ['101'], kapitler: [2, 11], status: 'aktiv' };

describe('§§ 1 and 3: admission by connection agreement', () => {
  it('admits a report inside the agreement', () => {
    expect(admit(aftale, 'sag-a', 11, '101')).toBeUndefined();
    expect(admit({ ...aftale, kommunekoder: ['*'] }, 'sag-a', 2, '851')).toBeUndefined();
  });
  it('refuses without an agreement, outside its areas or municipalities, and when suspended', () => {
    expect(admit(undefined, 'x', 11, '101')).toMatchObject({ paragraph: '§ 1', reason: { code: 'no-connection-agreement' } });
    expect(admit(aftale, 'sag-a', 3, '101')).toMatchObject({ paragraph: '§ 1', reason: { code: 'data-area-outside-agreement', field: 'kapitel' } });
    expect(admit(aftale, 'sag-a', 11, '147')).toMatchObject({ paragraph: '§ 1', reason: { code: 'kommune-outside-agreement', field: 'kommunekode' } });
    expect(admit({ ...aftale, status: 'suspenderet', suspensionAarsag: 'brud på it-sikkerhed' }, 'sag-a', 11, '101'))
      .toMatchObject({ paragraph: '§ 3', reason: { code: 'access-suspended', message: expect.stringContaining('brud på it-sikkerhed') } });
  });
  it('refuses chapters 6 and 7 from the registration page (§§ 35 stk. 2, 41 stk. 2)', () => {
    expect(admitFromRegistrationPage(6, true)).toMatchObject({ paragraph: '§ 35 stk. 2' });
    expect(admitFromRegistrationPage(7, true)).toMatchObject({ paragraph: '§ 41 stk. 2' });
    expect(admitFromRegistrationPage(2, false)).toBeUndefined();
  });
  it('chapter 1 rules are pure and quote the Danish text', () => {
    const dir = new URL('../../../src/rules/ch01/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text).not.toMatch(/from ['"](kafkajs|bullmq|ioredis|pino|node:)/);
      expect(text).not.toMatch(/Date\.now\(|new Date\(|process\.env/);
      if (file.startsWith('s')) expect(text).toMatch(/§ \d+\. [A-ZÆØÅ]/);
    }
  });
});
