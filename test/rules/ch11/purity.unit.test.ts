import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Rules are pure: they never read the clock and never import kafkajs, BullMQ, ioredis or pino.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULE_DIRS = ['src/rules/ch11', 'src/rules/calendar'];
const sources = RULE_DIRS.flatMap((dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)));

describe('rules stay pure', () => {
  it('finds the rule sources', () => {
    expect(sources).toContain('src/rules/ch11/decide.ts');
  });

  it.each(sources)('%s imports no I/O library and does not read the clock', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text).not.toMatch(/from ['"](kafkajs|bullmq|ioredis|pino|@platformatic\/kafka|node:)/);
    expect(text).not.toMatch(/Date\.now\(|new Date\(|performance\.now\(|process\.env/);
  });
});
