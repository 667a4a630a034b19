import type { Kafka, Producer } from '../kafka/types.ts';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { HubError } from '../shared/errors.ts';
import { redactCpr, type Logger } from '../shared/logger.ts';
import { loadSchema, registerValueSchema } from '../shared/registry.ts';

/** One audit entry, without the report's content (schemas/audit-haendelse.avsc). */
export interface AuditEntry {
  readonly aktoer: string;
  readonly kanal: 'http' | 'registreringsside' | 'kafka' | 'cli';
  readonly handling: string;
  readonly objekt: string;
  readonly kapitel?: number | null;
  readonly kommunekode?: string | null;
  readonly resultat: string;
  readonly aarsag?: string | null;
}

/** Where audit entries go. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  close(): Promise<void>;
}

/**
 * The append-only audit log on the audit topic (kept forever, see provision.ts). Entries are keyed
 * by the object so one object's history stays in order. A failed audit write fails the caller:
 * an action that cannot be audited is not done silently.
 */
export const createAuditLog = async (deps: { kafka: Kafka; registry: SchemaRegistry; topic: string; logger: Logger; clock?: () => number }): Promise<AuditLog> => {
  const schemaId = await registerValueSchema(deps.registry, deps.topic, loadSchema('audit-haendelse'), 'outbound');
  const producer: Producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const clock = deps.clock ?? Date.now;
  return {
    async record(entry) {
      const value = {
        tidspunkt: new Date(clock()).toISOString(), aktoer: entry.aktoer, kanal: entry.kanal, handling: entry.handling, objekt: entry.objekt,
        kapitel: entry.kapitel ?? null, kommunekode: entry.kommunekode ?? null, resultat: entry.resultat, aarsag: entry.aarsag ? redactCpr(entry.aarsag) : null,
      };
      try {
        await producer.send({ topic: deps.topic, acks: -1, messages: [{ key: entry.objekt, value: await deps.registry.encode(schemaId, value) }] });
      } catch (error) {
        throw new HubError('KAFKA_UNAVAILABLE', `could not write the audit log ${deps.topic}: ${(error as Error).message}`, { cause: error });
      }
    },
    close: () => producer.disconnect(),
  };
};
