// The patched record encoding (patches/kafkajs+2.2.4.patch: varints written in place, one pooled
// buffer per record, headers written into it) must give bytes kafkajs's own decoder reads back as
// what was written, for any varint and any record.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
type Enc = { writeVarInt(v: number): Enc; writeVarLong(v: unknown): Enc; buffer: Buffer };
const Encoder = require('kafkajs/src/protocol/encoder.js') as { new(): Enc; sizeOfVarLong(v: unknown): number; sizeOfVarInt(v: number): number };
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => { readVarInt(): number; readVarLong(): { toString(): string } };
const Long = require('kafkajs/src/utils/long.js') as { fromString(s: string): unknown };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (r: object) => { buffer: Buffer };
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder.js') as (d: unknown, context: object) => { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]>; offset: string; timestamp: string };

describe('patched kafkajs encoding', () => {
  it('writes every 32-bit varint and 64-bit varlong so that the decoder reads it back, in the size it promised', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) => {
      const int = new Encoder().writeVarInt(v).buffer;
      expect(new Decoder(int).readVarInt()).toBe(v);
      expect(int.length).toBe(Encoder.sizeOfVarInt(v));
      const long = new Encoder().writeVarLong(v).buffer;
      expect(long).toEqual(int);
      expect(Encoder.sizeOfVarLong(v)).toBe(long.length);
    }), { numRuns: 5_000 });
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
      const long = new Encoder().writeVarLong(Long.fromString(v.toString())).buffer;
      expect(new Decoder(long).readVarLong().toString()).toBe(v.toString());
      expect(Encoder.sizeOfVarLong(Long.fromString(v.toString()))).toBe(long.length);
    }), { numRuns: 2_000 });
  });

  it('encodes records with any key, value and headers that decode to the same', () => {
    const bytes = fc.option(fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)), { nil: null });
    const header = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
    fc.assert(fc.property(bytes, bytes, fc.dictionary(fc.stringMatching(/^x-[a-zæøå0-9-]{1,18}$/), // (kafkajs's decoder merges a header named like an Object method, toString, into the method)
       // a header named twice or more is an array of its values, in order
       fc.oneof(header, fc.array(header, { minLength: 2, maxLength: 3 })), { maxKeys: 6 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (key, value, headers, offsetDelta, timestampDelta) => {
        const encoded = Record({ key, value, headers, offsetDelta, timestampDelta }).buffer;
        const decoder = new Decoder(encoded);
        const length = decoder.readVarInt();
        expect(length).toBe(encoded.length - Encoder.sizeOfVarInt(length));
        const record = decodeRecord(new Decoder(encoded.subarray(encoded.length - length)), { firstOffset: '1000', firstTimestamp: '1700000000000', magicByte: 2 });
        expect(record.key).toEqual(key);
        expect(record.value).toEqual(value);
        expect(record.headers).toEqual(headers);
        expect(record.offset).toBe(String(1000 + offsetDelta));
        expect(record.timestamp).toBe(String(1_700_000_000_000 + timestampDelta));
      }), { numRuns: 1_000 });
  });
});
