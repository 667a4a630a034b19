// Issue 11, point 6: the Kafka client behind the edge, and headers and Redis names in one home each.
// Reads the sources as text: a new file that imports kafkajs elsewhere, writes a header name of its
// own or builds a Redis key beside src/config/redis-keys.ts fails here with its path.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADERS } from '../../src/config/headers.ts';

const root = path.resolve(import.meta.dirname, '../..');
const sources = fs.readdirSync(path.join(root, 'src'), { recursive: true })
  .map(String).filter((f) => f.endsWith('.ts')).map((f) => path.join('src', f));
const text = new Map(sources.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
const importsOf = (file: string) => [...text.get(file)!.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
const outside = (folder: string) => sources.filter((f) => !f.startsWith(folder));

describe('the Kafka edge', () => {
  it('finds the sources it checks', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(importsOf('src/kafka/client.ts')).toContain('kafkajs');
  });

  it('is the only place that imports kafkajs', () => {
    const offenders = outside('src/kafka/').filter((f) => importsOf(f).some((i) => i === 'kafkajs' || i.startsWith('kafkajs/')));
    expect(offenders).toEqual([]);
  });

  it('nothing under src/ imports infra/', () => {
    const offenders = sources.filter((f) => importsOf(f).some((i) => i.startsWith('.') && path.normalize(path.join(path.dirname(f), i)).startsWith('infra')));
    expect(offenders).toEqual([]);
  });
});

describe('one home', () => {
  it('every hub header name is written only in src/config/headers.ts', () => {
    const names = Object.values(HEADERS);
    expect(names.length).toBeGreaterThan(8);
    const offenders = outside('src/config/headers.ts').flatMap((f) => names.filter((n) => text.get(f)!.includes(`'${n}'`)).map((n) => `${f}: ${n}`));
    expect(offenders).toEqual([]);
  });

  it('Redis names are built only in src/config/redis-keys.ts', () => {
    const built = /\$\{[^}]*[pP]refix\}:/;
    const offenders = outside('src/config/redis-keys.ts').filter((f) => built.test(text.get(f)!));
    expect(offenders).toEqual([]);
  });
});
