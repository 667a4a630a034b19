import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { DATA_AREAS } from '../config/data-areas.ts';
import { maskCprInIdentifiers } from '../rules/ch01/index.ts';
import { KAPITLER_MED_VIDEREGIVELSE } from '../rules/sharing/index.ts';
import type { Topic, TopicNames } from '../config/topics.ts';
import { HubError } from './errors.ts';
import { loadSchema, registerValueSchema, type AvroSchema, type ContractSide } from './registry.ts';

/** The inbound envelope: the chapter and one branch of the union of every data area's record. */
export const inboundSchema = (): AvroSchema => ({
  type: 'record',
  name: 'Indberetning',
  namespace: 'dk.beskaeftigelse.hub',
  doc: 'A report of any data area: kapitel says which, data holds that chapter\'s record (schemas/kapitelNN-*.avsc).',
  fields: [
    { name: 'kapitel', type: 'int' },
    { name: 'data', type: DATA_AREAS.map((a) => loadSchema(a.schema)) },
  ],
});

/** The warehouse's record: the verdict beside the whole report (every accepted report goes there). */
export const datavarehusSchema = (): AvroSchema => ({
  type: 'record',
  name: 'DatavarehusPost',
  namespace: 'dk.beskaeftigelse.hub.datavarehus',
  doc: 'An accepted report for the statistical warehouse and DFDG (§§ 10, 17, 23, 29, 34, 40, 46, 52, 57, 66).',
  fields: [
    { name: 'vurdering', type: 'string' },
    { name: 'paragraf', type: ['null', 'string'], default: null },
    { name: 'fristdato', type: ['null', { type: 'int', logicalType: 'date' }], default: null },
    { name: 'modtagetTidspunkt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'indberetning', type: inboundSchema() },
  ],
});

/** The union branch's full name per chapter, read once: this is on every message's path. */
const BRANCHES = new Map<number, string>(DATA_AREAS.map((a) => {
  const schema = loadSchema(a.schema);
  return [a.kapitel, `${schema.namespace}.${schema.name}`] as const;
}));

const branchName = (kapitel: number): string => {
  const name = BRANCHES.get(kapitel);
  if (!name) throw new HubError('REPORT_INVALID', `kapitel ${kapitel} is not a data area the hub accepts`);
  return name;
};

/** avsc unwraps a union of one record and wraps a union of several: hide that from callers. */
const wrap = (kapitel: number, report: object): object => (DATA_AREAS.length > 1 ? { [branchName(kapitel)]: report } : report);

/** The report inside a union branch value (`{"<namespace>.<Name>": report}`), as avsc decodes the inbound union. */
export const unwrap = (data: Record<string, unknown>): Record<string, unknown> => {
  const keys = Object.keys(data);
  return keys.length === 1 && keys[0]!.includes('.') ? (data[keys[0]!] as Record<string, unknown>) : data;
};

export interface InboundReport {
  readonly kapitel: number;
  readonly report: Record<string, unknown>;
}

/** The part of an avsc type the codec writes with: `encode` returns the end, or minus the bytes missing. */
interface AvroWriter {
  encode(value: unknown, buffer: Buffer, position: number): number;
}

/** The part of an avsc type the codec reads with. */
interface AvroReader {
  fromBuffer(buffer: Buffer): unknown;
}

/** Schema ids by topic, registered once at start-up; encoding then needs no registry round trip. */
export interface HubCodec {
  readonly registry: SchemaRegistry;
  encodeInbound(kapitel: number, report: object): Promise<Buffer>;
  /** The report as the inbound union's branch value (for records that embed the inbound envelope). */
  wrapReport(kapitel: number, report: object): object;
  decodeInbound(value: Buffer): Promise<InboundReport>;
  /**
   * As `decodeInbound` without a promise, once the record's schema is known here; else undefined
   * (then call `decodeInbound`). Throws as `decodeInbound` does.
   */
  decodeInboundKnown(value: Buffer): InboundReport | undefined;
  /** Encodes with the schema registered for `topic`; a typed topic (src/config/topics.ts) checks the value's shape. */
  encode<T>(topic: Topic<T>, value: T): Promise<Buffer>;
  /** As `encode` without a promise, once the topic's schema is known here; else undefined (then call `encode`). */
  encodeKnown<T>(topic: Topic<T>, value: T): Buffer | undefined;
  decode<T = Record<string, unknown>>(value: Buffer): Promise<T>;
  /**
   * As `decode` without a promise, once the record's schema is known here (a record of its schema
   * was decoded before); else undefined (then call `decode`). Throws as `decode` does.
   */
  decodeKnown<T = Record<string, unknown>>(value: Buffer): T | undefined;
  /** Registers the notification schema for a fund topic created after start-up. */
  registerFund(topic: string): Promise<void>;
}

/**
 * A registry that cannot be reached is retryable (the consumer backs off and tries again); bytes
 * that are not a framed record of a known schema are not, and the message is dead-lettered.
 */
const decodeError = (error: unknown): HubError => {
  if (error instanceof HubError) return error;
  const e = error as { message?: string; status?: number; code?: string };
  const text = `${e.message ?? ''} ${e.code ?? ''}`;
  if ((e.status !== undefined && e.status >= 500) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|timeout|fetch failed|network/i.test(text)) {
    return new HubError('REGISTRY_UNAVAILABLE', `the schema registry could not be reached while decoding: ${e.message}`, { cause: error });
  }
  return new HubError('DECODE_FAILED', `message could not be decoded: ${e.message}`, { cause: error });
};

/**
 * Registers the value schema of every topic the hub reads or writes (TopicNameStrategy; the inbound
 * topic BACKWARD_TRANSITIVE, the rest FULL_TRANSITIVE, see ContractSide). With `register: false`
 * (read-only commands) nothing is registered: the codec decodes, and encoding fails.
 */
export const prepareCodec = async (registry: SchemaRegistry, topics: TopicNames, fundCodes: readonly string[], options: { register?: boolean } = {}): Promise<HubCodec> => {
  const ids = new Map<string, number>();
  const register = async (topic: string, schema: AvroSchema, side: ContractSide = 'outbound') => { ids.set(topic, await registerValueSchema(registry, topic, schema, side)); };
  const notification = loadSchema('akasse-notifikation');
  if (options.register !== false) await registerAll();
  async function registerAll() {
  await register(topics.indberetninger, inboundSchema(), 'inbound');
  await Promise.all([
    register(topics.medlemskab, loadSchema('medlemskab')),
    register(topics.personstatus, loadSchema('personstatus')),
    register(topics.leveringer, loadSchema('leveringsstatus')),
    register(topics.kvitteringer, loadSchema('kvittering')),
    register(topics.doedeBreve, loadSchema('doedt-brev')),
    register(topics.ventende, loadSchema('ventende')),
    register(topics.alarmer, loadSchema('alarm')),
    register(topics.datavarehus, datavarehusSchema()),
    register(topics.uvm, loadSchema('uvm-foranstaltning')),
    register(topics.bevillinger, loadSchema('bevilling'), 'inbound'),
    register(topics.udbetalinger, loadSchema('udbetaling'), 'inbound'),
    register(topics.afvigelser, loadSchema('afvigelse')),
    register(topics.afstemning, loadSchema('afstemningstilstand')),
    ...KAPITLER_MED_VIDEREGIVELSE.map((k) => register(topics.danmarksStatistik(k), loadSchema(`danmarks-statistik-kapitel${String(k).padStart(2, '0')}`))),
    ...fundCodes.map((code) => register(topics.fund(code), notification)),
  ]);
  }
  const idOf = (topic: string): number => {
    const id = ids.get(topic);
    if (id === undefined) throw new HubError('CONFIG_INVALID', `no schema is registered for topic ${topic}`);
    return id;
  };
  /** The avsc type of each schema id met: its records then decode without the library's promises. */
  const readers = new Map<number, AvroReader>();
  // @kafkajs/confluent-schema-registry sends one request for a schema id it has not cached, but every
  // caller waiting on it then parses the schema into avsc types of its own: a batch of a thousand
  // messages in a new schema version built a thousand copies of the inbound union (about 50 KB each),
  // and a registry outage, retrying such batches, ran the hub out of memory. One lookup per id at a
  // time here, so the library's cache holds the schema before the messages are decoded.
  const lookups = new Map<number, Promise<unknown>>();
  const ensureSchema = async (value: Buffer): Promise<void> => {
    if (value.length < 5 || value[0] !== 0) return; // not Confluent-framed: decode says why
    const id = value.readInt32BE(1);
    if (readers.has(id)) return;
    let lookup = lookups.get(id);
    if (!lookup) {
      lookup = registry.getSchema(id).finally(() => lookups.delete(id));
      lookups.set(id, lookup);
    }
    const type = await lookup;
    if (typeof (type as Partial<AvroReader> | undefined)?.fromBuffer === 'function') readers.set(id, type as AvroReader);
  };
  const decodeKnownFramed = (value: Buffer): unknown => {
    if (value.length < 5 || value[0] !== 0) return undefined;
    return readers.get(value.readInt32BE(1))?.fromBuffer(value.subarray(5));
  };
  // Five records a report are encoded on the rules consumer's path. After a topic's first record
  // went through the library (which fetched and parsed its schema), the same avsc type writes the
  // same frame without the library's promises and its three buffers a record: the payload is
  // written after the five header bytes of a reused buffer and copied out once.
  const writers = new Map<number, AvroWriter>();
  let scratch = Buffer.allocUnsafe(64 * 1024);
  const frame = (id: number, type: AvroWriter, value: object): Buffer => {
    let end = type.encode(value, scratch, 5);
    if (end < 0) {
      scratch = Buffer.allocUnsafe(Math.max(2 * scratch.length, scratch.length - end));
      end = type.encode(value, scratch, 5);
    }
    scratch[0] = 0; // Confluent's magic byte, then the schema id
    scratch.writeInt32BE(id, 1);
    return Buffer.from(scratch.subarray(0, end));
  };
  const encodeKnown = (topic: string, value: unknown): Buffer | undefined => {
    const id = idOf(topic);
    const type = writers.get(id);
    if (!type) return undefined;
    try {
      return frame(id, type, value as object);
    } catch {
      return undefined; // The library's own encode says which fields are wrong.
    }
  };
  /** An inbound record's union value as the report. No CPR number travels further in an identifier than this: the rules refuse the mark. */
  const inboundOf = (decoded: unknown): InboundReport => {
    const { kapitel, data } = decoded as { kapitel: number; data: Record<string, unknown> };
    return { kapitel, report: maskCprInIdentifiers(unwrap(data)) };
  };
  const decodeFramed = async (value: Buffer): Promise<unknown> => {
    await ensureSchema(value);
    return registry.decode(value);
  };
  return {
    registry,
    wrapReport: wrap,
    encodeInbound: (kapitel, report) => registry.encode(idOf(topics.indberetninger), { kapitel, data: wrap(kapitel, report) }),
    async decodeInbound(value) {
      try {
        return inboundOf(decodeKnownFramed(value) ?? (await decodeFramed(value)));
      } catch (error) {
        throw decodeError(error);
      }
    },
    decodeInboundKnown(value) {
      try {
        const decoded = decodeKnownFramed(value);
        return decoded === undefined ? undefined : inboundOf(decoded);
      } catch (error) {
        throw decodeError(error);
      }
    },
    encodeKnown,
    async encode(topic, value) {
      const known = encodeKnown(topic, value);
      if (known) return known;
      const id = idOf(topic);
      const bytes = await registry.encode(id, value);
      writers.set(id, (await registry.getSchema(id)) as unknown as AvroWriter);
      return bytes;
    },
    async decode<T>(value: Buffer) {
      try {
        return (await decodeFramed(value)) as T;
      } catch (error) {
        throw decodeError(error);
      }
    },
    decodeKnown<T>(value: Buffer) {
      try {
        return decodeKnownFramed(value) as T | undefined;
      } catch (error) {
        throw decodeError(error);
      }
    },
    registerFund: (topic) => register(topic, notification),
  };
};
