// The hub's partitioner must put every keyed record where Kafka's Java client and kafkajs's default
// partitioner put it: per-person ordering and the co-partitioned state topics depend on it.
import fc from 'fast-check';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { javaCompatiblePartitioner, murmur2, murmur2OfKey, partitionOfKey } from '../../src/kafka/partitioner.ts';

const metadata = (partitions: number, down: readonly number[] = []): PartitionMetadata[] =>
  Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: down.includes(partitionId) ? -1 : 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));

describe('murmur2', () => {
  it('gives the Java client\'s Utils.murmur2 values (Kafka\'s own test vectors)', () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('puts every key, text or bytes, on the partition kafkajs\'s default partitioner chooses', () => {
    const theirs = Partitioners.DefaultPartitioner();
    const ours = javaCompatiblePartitioner();
    fc.assert(fc.property(
      fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b))),
      fc.integer({ min: 1, max: 200 }),
      (key, partitions) => {
        const args = { topic: 't', partitionMetadata: metadata(partitions), message: { key, value: null } };
        const expected = theirs(args);
        expect(ours(args)).toBe(expected);
        expect(partitionOfKey(key, partitions)).toBe(expected);
      },
    ), { numRuns: 5_000 });
  });

  it('hashes a key longer than its scratch buffer whole', () => {
    const long = 'æ'.repeat(3_000); // 6,000 bytes of UTF-8
    expect(murmur2OfKey(long)).toBe(murmur2(Buffer.from(long, 'utf8')));
    expect(murmur2OfKey(long)).not.toBe(murmur2(Buffer.from(long, 'utf8').subarray(0, 4096)));
  });

  it('hashes whole a key whose last character the scratch buffer had no room for', () => {
    // The buffer writes no part of a character: 4,095 bytes written of 4,097 is a key cut short.
    for (let ascii = 4088; ascii <= 4098; ascii++) {
      for (const last of ['æ', '€', '😀']) {
        const key = `${'k'.repeat(ascii)}${last}`;
        expect(murmur2OfKey(key)).toBe(murmur2(Buffer.from(key, 'utf8')));
      }
    }
  });
});

describe('the partitioner', () => {
  it('keeps a record\'s own partition', () => {
    const ours = javaCompatiblePartitioner();
    expect(ours({ topic: 't', partitionMetadata: metadata(6), message: { key: 'k', value: null, partition: 4 } })).toBe(4);
  });

  it('spreads records without a key over the partitions that have a leader, in turn', () => {
    const ours = javaCompatiblePartitioner();
    const chosen = Array.from({ length: 40 }, () => ours({ topic: 't', partitionMetadata: metadata(5, [1, 3]), message: { value: null } }));
    expect(new Set(chosen)).toEqual(new Set([0, 2, 4]));
    // In turn: each of the three comes back every third record.
    for (let i = 3; i < chosen.length; i++) expect(chosen[i]).toBe(chosen[i - 3]);
  });
});
