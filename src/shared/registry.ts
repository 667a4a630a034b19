import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { installRoot } from './paths.ts';
import type { RegistryAuth } from '../config/tls-settings.ts';
import { HubError } from './errors.ts';
import { avroOptions } from './logical-types.ts';

export type AvroSchema = { readonly type: string; readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };

/** Reads `schemas/<name>.avsc`. */
export const loadSchema = (name: string): AvroSchema =>
  JSON.parse(fs.readFileSync(path.join(installRoot(), 'schemas', `${name}.avsc`), 'utf8')) as AvroSchema;

/**
 * The Confluent-compatible registry (Apicurio's ccompat API here). Every schema it parses knows the
 * hub's logical types, so dates and instants decode to the ISO strings the hub works with.
 */
export const createRegistry = (url: string, security: { auth?: RegistryAuth; ca?: string } = {}, options: { requestTimeoutMs?: number } = {}): SchemaRegistry =>
  new SchemaRegistry({
    host: url,
    retry: { retries: 3, initialRetryTimeInSecs: 0.2, maxRetryTimeInSecs: 5 },
    ...(security.auth && 'username' in security.auth ? { auth: { username: security.auth.username, password: security.auth.password } } : {}),
    middlewares: [
      requestTimeout(options.requestTimeoutMs ?? REGISTRY_REQUEST_TIMEOUT_MS),
      ...(security.auth && 'token' in security.auth ? [bearer(security.auth.token)] : []),
    ],
    ...(security.ca ? { agent: new https.Agent({ ca: security.ca, keepAlive: true }) } : {}),
  }, { [SchemaType.AVRO]: avroOptions() });

type Middleware = NonNullable<ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']>[number];

/**
 * Longest one registry request may take (ms). The client sets none, so a registry that accepts the
 * connection and never answers left a start, or a decode of a new schema id, waiting for ever; now
 * the request fails, and the error is REGISTRY_UNAVAILABLE (retryable) like an unreachable registry.
 */
export const REGISTRY_REQUEST_TIMEOUT_MS = 30_000;

/** A mappersmith middleware that gives every request a timeout. */
const requestTimeout = (ms: number): Middleware => () => ({
  prepareRequest: (next) => next().then((request) => request.enhance({ timeout: ms })),
});

/** A mappersmith middleware that sends `Authorization: Bearer <token>`. */
const bearer = (token: string): Middleware => () => ({
  prepareRequest: (next) => next().then((request) => request.enhance({ headers: { authorization: `Bearer ${token}` } })),
});

/** TopicNameStrategy: the value schema of topic T lives under subject `T-value`. */
export const valueSubject = (topic: string): string => `${topic}-value`;

const isConfigurationRace = (error: unknown): boolean =>
  /Compatibility does not match the configuration|rule named .COMPATIBILITY. already exists/i.test((error as Error)?.message ?? '');

/**
 * A request that got no answer: it timed out, or its connection broke. Every step of a registration
 * may be asked again (reading a subject's configuration, registering a schema the subject already
 * has, setting the level it already has), so such a step is retried. Seen in a clean-clone test run:
 * of a new prefix's 28 configuration updates sent at once, the local registry never answered one.
 */
const isUnanswered = (error: unknown): boolean =>
  /Timeout \(\d+ms\)|ECONNRESET|ECONNREFUSED|socket hang up|EPIPE/i.test((error as Error)?.message ?? '');

/** Tries of a registration step the registry did not answer (each waits up to the request timeout). */
export const UNANSWERED_TRIES = 3;

const isIncompatible = (error: unknown): boolean => {
  const text = `${(error as Error)?.message ?? ''} ${(error as { status?: number })?.status ?? ''}`;
  return /incompatib|409/i.test(text);
};

/**
 * Which side of a topic the hub stands on decides what its schema must never break.
 * - `outbound`: the hub writes, funds and authorities read, each upgrading its reader when it
 *   chooses, and any of them may read the topic from the beginning. A new schema must be readable
 *   by every older reader (forward) and must read every older record (backward), across all
 *   versions: FULL_TRANSITIVE. BACKWARD alone lets a field without a default be removed, which
 *   breaks every reader that has not upgraded.
 * - `inbound`: case systems write, the hub reads. The hub's reader must read every version any case
 *   system may still send or that is still on the topic: BACKWARD_TRANSITIVE.
 */
export type ContractSide = 'outbound' | 'inbound';

export const COMPATIBILITY_OF: Readonly<Record<ContractSide, COMPATIBILITY>> = {
  outbound: COMPATIBILITY.FULL_TRANSITIVE,
  inbound: COMPATIBILITY.BACKWARD_TRANSITIVE,
};

/** The library's own API client (private in its types): one place for the registry's address and credentials. */
interface SubjectConfigApi {
  config(args: { subject: string }): Promise<{ data(): unknown }>;
  updateConfig(args: { subject: string; body: { compatibility: string } }): Promise<unknown>;
}
const subjectApi = (registry: SchemaRegistry): SubjectConfigApi => (registry as unknown as { api: { Subject: SubjectConfigApi } }).api.Subject;

const subjectCompatibility = async (registry: SchemaRegistry, subject: string): Promise<string | undefined> => {
  try {
    const response = await subjectApi(registry).config({ subject });
    return (response.data() as { compatibilityLevel: string }).compatibilityLevel.toUpperCase();
  } catch (error) {
    if ((error as { status?: number })?.status === 404) return undefined;
    throw error;
  }
};

/**
 * Registers `schema` as the value schema of `topic` and returns its id. The subject's compatibility
 * is set to the side's level before the schema is checked against it, also on a subject that an
 * older hub registered with a weaker level. A schema that breaks compatibility becomes
 * SCHEMA_INCOMPATIBLE; an unreachable registry REGISTRY_UNAVAILABLE (retryable).
 */
export const registerValueSchema = async (registry: SchemaRegistry, topic: string, schema: AvroSchema, side: ContractSide): Promise<number> => {
  const subject = valueSubject(topic);
  const compatibility = COMPATIBILITY_OF[side];
  const register = async () => {
    const current = await subjectCompatibility(registry, subject);
    if (current !== undefined && current !== compatibility) {
      await subjectApi(registry).updateConfig({ subject, body: { compatibility } });
    }
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject, compatibility });
    return id;
  };
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await register();
      } catch (error) {
        // Several processes registering a new subject at once race on its configuration: the
        // library sets the subject's compatibility after its first version, so another process can
        // read the subject in between ('FULL_TRANSITIVE != NONE'), and two processes creating the
        // subject's compatibility rule at once get 'A rule named 'COMPATIBILITY' already exists'
        // (409). Asked again, the configuration is read anew and the registration finds the version.
        // A request the registry did not answer is asked again too (isUnanswered).
        const again = (isConfigurationRace(error) && attempt < 4) || (isUnanswered(error) && attempt < UNANSWERED_TRIES);
        if (!again) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 100));
      }
    }
  } catch (error) {
    if (isIncompatible(error) && !isConfigurationRace(error)) {
      throw new HubError('SCHEMA_INCOMPATIBLE', `the registry refused ${schema.name} for ${subject}: it is not ${compatibility} compatible with the versions before it`, { cause: error });
    }
    throw new HubError('REGISTRY_UNAVAILABLE', `could not register ${schema.name} for ${subject}: ${(error as Error).message}`, { cause: error });
  }
};
