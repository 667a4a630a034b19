import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLines } from '../../src/cli/lines.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-lines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const linesOf = async (content: string | Buffer) => {
  const file = path.join(dir, `f-${Math.random()}`);
  fs.writeFileSync(file, content);
  const out = [];
  for await (const l of readLines(file)) out.push(l);
  return out;
};

describe('readLines', () => {
  it('numbers lines from 1, strips CR, keeps blank lines and a last line without newline', async () => {
    const lines = await linesOf('a\r\n\nb\nc');
    expect(lines.map((l) => [l.line, l.text])).toEqual([[1, 'a'], [2, ''], [3, 'b'], [4, 'c']]);
    expect(lines.at(-1)!.bytesRead).toBe(7);
  });

  it('keeps a multi-byte character split across chunks whole', async () => {
    const long = `${'x'.repeat(256 * 1024 - 1)}æ\nø`;
    const lines = await linesOf(Buffer.from(long, 'utf8'));
    expect(lines.map((l) => l.text.slice(-1))).toEqual(['æ', 'ø']);
  });
});
