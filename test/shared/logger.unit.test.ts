import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkajsLevel } from '../../src/kafka/log.ts';

describe('kafkajs log lines in pino', () => {
  it('puts answers kafkajs retries by itself at debug, not error', () => {
    expect(kafkajsLevel(logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', { error: 'The coordinator is loading and hence can\'t process requests' })).toBe('debug');
    expect(kafkajsLevel(logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)', { error: 'This is not the correct coordinator for this group' })).toBe('debug');
    expect(kafkajsLevel(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', { error: 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing' })).toBe('debug');
    expect(kafkajsLevel(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', { error: 'This server does not host this topic-partition' })).toBe('debug');
  });

  it('puts an unreachable broker at warn: the caller fails with the setting to fix', () => {
    expect(kafkajsLevel(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:1', {})).toBe('warn');
    expect(kafkajsLevel(logLevel.ERROR, 'Failed to connect to seed broker, trying another broker from the list', {})).toBe('warn');
  });

  it('keeps every other error an error', () => {
    expect(kafkajsLevel(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'The request included a message larger than the max message size the server will accept' })).toBe('error');
    expect(kafkajsLevel(logLevel.WARN, 'anything', {})).toBe('warn');
  });
});
