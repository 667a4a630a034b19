// The client's buffer pool (src/kafka/client.ts, BUFFER_POOL_BYTES): once a client is made, the small
// buffers kafkajs's encoders and the hub make come from 64 KiB pools, not node's 8 KiB ones.
import { describe, expect, it } from 'vitest';
import { BUFFER_POOL_BYTES, createKafka } from '../../src/kafka/client.ts';
import { createLogger } from '../../src/shared/logger.ts';

describe('the Kafka client\'s buffer pool', () => {
  it('given a client made, when small buffers are allocated, then they are slices of one pool of BUFFER_POOL_BYTES', () => {
    createKafka({ brokers: ['127.0.0.1:1'], clientId: 'pool-test', logger: createLogger({ name: 'pool-test', level: 'silent' }) });
    expect(Buffer.poolSize).toBe(BUFFER_POOL_BYTES);
    // A buffer of over half the old pool's 8 KiB took a pool of its own before; now many share one.
    const buffers = Array.from({ length: 6 }, () => Buffer.allocUnsafe(5000));
    expect(buffers.map((b) => b.buffer.byteLength)).toContain(BUFFER_POOL_BYTES);
    expect(new Set(buffers.map((b) => b.buffer)).size).toBeLessThan(buffers.length);
  });
});
