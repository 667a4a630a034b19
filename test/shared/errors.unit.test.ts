import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/errors.ts';

// Every error code is listed in the docs, with its canRetry flag.
describe('docs/errors.md', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  it.each(Object.entries(ERROR_CODES))('lists %s with its canRetry flag', (code, { canRetry }) => {
    expect(doc).toMatch(new RegExp(`^\\| \`${code}\` \\| ${canRetry ? 'yes' : 'no'} \\|`, 'm'));
  });
  it('lists no code the source does not have', () => {
    const listed = [...doc.matchAll(/^\| `([A-Z_]+)` \| (?:yes|no) \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});
