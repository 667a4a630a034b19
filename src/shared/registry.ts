import fs from 'node:fs';
import path from 'node:path';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { installRoot } from './paths.ts';
import { HubError } from './errors.ts';

export type AvroSchema = { readonly type: string; readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };

/** Reads `schemas/<name>.avsc`. */
export const loadSchema = (name: string): AvroSchema =>
  JSON.parse(fs.readFileSync(path.join(installRoot(), 'schemas', `${name}.avsc`), 'utf8')) as AvroSchema;

/** The Confluent-compatible registry (Apicurio's ccompat API here). */
export const createRegistry = (url: string): SchemaRegistry =>
  new SchemaRegistry({ host: url, retry: { retries: 3, initialRetryTimeInSecs: 0.2, maxRetryTimeInSecs: 5 } });

/** TopicNameStrategy: the value schema of topic T lives under subject `T-value`. */
export const valueSubject = (topic: string): string => `${topic}-value`;

const isIncompatible = (error: unknown): boolean => {
  const text = `${(error as Error)?.message ?? ''} ${(error as { status?: number })?.status ?? ''}`;
  return /incompatib|409/i.test(text);
};

/**
 * Registers `schema` as the value schema of `topic` with BACKWARD compatibility and returns its id.
 * A schema that breaks compatibility becomes SCHEMA_INCOMPATIBLE; an unreachable registry
 * REGISTRY_UNAVAILABLE (retryable).
 */
export const registerValueSchema = async (registry: SchemaRegistry, topic: string, schema: AvroSchema): Promise<number> => {
  try {
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject: valueSubject(topic), compatibility: COMPATIBILITY.BACKWARD },
    );
    return id;
  } catch (error) {
    if (isIncompatible(error)) {
      throw new HubError('SCHEMA_INCOMPATIBLE', `the registry refused ${schema.name} for ${valueSubject(topic)}: it is not BACKWARD compatible`, { cause: error });
    }
    throw new HubError('REGISTRY_UNAVAILABLE', `could not register ${schema.name} for ${valueSubject(topic)}: ${(error as Error).message}`, { cause: error });
  }
};
