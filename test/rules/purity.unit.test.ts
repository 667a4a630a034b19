import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Rules are pure: they never read the clock and never import kafkajs, BullMQ, ioredis or pino.
// (Chapter 11 and the calendar have their own check in test/rules/ch11/purity.unit.test.ts.)
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIRS = ['ch02', 'ch03', 'ch04', 'ch05', 'ch06', 'ch07', 'ch08', 'ch09', 'ch10', 'dataomraade', 'identifiers', 'sharing', 'afstemning'].map((d) => `src/rules/${d}`);
const sources = [
  ...DIRS.flatMap((dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f))),
  'src/rules/engine.ts',
  'src/rules/rule-sets.ts',
];

describe('chapters 2-10, identifiers, sharing and the engine stay pure', () => {
  it('finds the sources', () => {
    expect(sources).toContain('src/rules/ch05/s27-indkaldelse.ts');
    expect(sources.length).toBeGreaterThan(40);
  });

  it.each(sources)('%s imports no I/O library and does not read the clock', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text).not.toMatch(/from ['"](kafkajs|bullmq|ioredis|pino|@platformatic\/kafka|node:)/);
    expect(text).not.toMatch(/Date\.now\(|new Date\(|performance\.now\(|process\.env/);
  });

  it.each(sources.filter((f) => /\/s\d\d-/.test(f)))('%s quotes the Danish text it implements', (file) => {
    expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(/§ \d+( stk\. \d+)?\.? [A-ZÆØÅ]|Stk\. \d\. [A-ZÆØÅ]/);
  });
});
