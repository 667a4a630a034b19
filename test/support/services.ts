// Test support: the real services' addresses and fresh, unique names (STYLE.md § 7).
import { randomUUID } from 'node:crypto';
import { connectionsOf, stackSettingsFrom } from '../../infra/index.ts';
import { createKafka } from '../../src/shared/kafka.ts';
import { createLogger } from '../../src/shared/logger.ts';

export const connections = connectionsOf(stackSettingsFrom(process.env));

export const testLogger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'error', name: 'test' });

export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const testKafka = (clientId = uniqueName('test')) => createKafka({ brokers: connections.kafkaBrokers, clientId, logger: testLogger });

/** Polls `predicate` until it holds or `timeoutMs` passes; returns whether it held. */
export const eventually = async (predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000, stepMs = 100): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return predicate();
};
