// What the hub wrote in a benchmark run, as a shape another pipe can write again: per output topic,
// how many records per input report, and a uniform sample of the records themselves (their keys,
// values and headers as bytes, so sizes and compressibility stay the hub's).
import fs from 'node:fs';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '../../src/config/topics.ts';

/** One record as it was on the topic, bytes in base64 (the shape travels to a child process as JSON). */
export interface SampledRecord {
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export interface TopicShape {
  /** The topic's name without the run's prefix (`kvitteringer`, `akasse.aak`, …). */
  readonly kind: string;
  /** Records per input report, on average over the run. */
  readonly perInput: number;
  /** Written to the input's partition (a changelog of the rules consumer's state). */
  readonly pinned: boolean;
  /** Keyed by the input's key (the person key) rather than a key of its own (a receipt's report id). */
  readonly keyedByInput: boolean;
  readonly samples: readonly SampledRecord[];
}

export interface OutputShape {
  /** Input reports of the run it was read from. */
  readonly inputs: number;
  readonly topics: readonly TopicShape[];
}

/** Filled by the hub row's first run, read by the same-shape row. */
export interface ShapeHolder {
  shape?: OutputShape;
}

const SAMPLES_PER_TOPIC = 2_000;

/** Every committed record of `topicList` (read_committed from the start), until none came for `idleMs`. */
const readAll = async (kafka: Kafka, groupId: string, topicList: string[], onRecord: (topic: string, m: { key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> }) => void, idleMs = 2_000): Promise<void> => {
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: topicList, fromBeginning: true });
    let lastAt: number | undefined;
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) onRecord(batch.topic, m);
        if (batch.messages.length > 0) lastAt = Date.now();
      },
    });
    // The topics are complete (the run is over): once records came and then stopped, all are read.
    const deadline = Date.now() + 120_000;
    while ((lastAt === undefined || Date.now() - lastAt < idleMs) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (lastAt === undefined) throw new Error(`no record on ${topicList.length} output topics within 120 s`);
  } finally {
    await consumer.disconnect();
  }
};

/** A small deterministic generator for reservoir sampling: the same run yields the same shape. */
const seeded = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x80000000;
};

/**
 * Reads every record the hub's processing wrote in a finished run and turns it into a shape: every
 * topic of its prefix but the inbound reports and memberships (the benchmark wrote them) and the
 * audit log (a record of the hub's start, not of a report).
 */
export const captureShape = async (kafka: Kafka, topics: TopicNames, inputs: number, personKeys: ReadonlySet<string>): Promise<OutputShape> => {
  const admin = kafka.admin();
  await admin.connect();
  const names = (await admin.listTopics()).filter((t) => t.startsWith(`${topics.prefix}.`) && ![topics.indberetninger, topics.medlemskab, topics.audit].includes(t));
  await admin.disconnect();
  const random = seeded(12);
  const seen = new Map<string, { count: number; byInputKey: number; samples: SampledRecord[] }>();
  await readAll(kafka, `${topics.prefix}.bench-shape`, names, (topic, m) => {
    let s = seen.get(topic);
    if (!s) seen.set(topic, (s = { count: 0, byInputKey: 0, samples: [] }));
    s.count++;
    const key = m.key?.toString() ?? null;
    if (key !== null && personKeys.has(key)) s.byInputKey++;
    const record: SampledRecord = {
      key: m.key ? m.key.toString('base64') : null,
      value: (m.value ?? Buffer.alloc(0)).toString('base64'),
      headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.from(v as Buffer).toString('base64')])),
    };
    if (s.samples.length < SAMPLES_PER_TOPIC) s.samples.push(record);
    else {
      const j = Math.floor(random() * s.count);
      if (j < SAMPLES_PER_TOPIC) s.samples[j] = record;
    }
  });
  const changelogs = new Set([topics.personstatus, topics.leveringer]);
  return {
    inputs,
    topics: [...seen].sort(([a], [b]) => a.localeCompare(b)).map(([topic, s]) => ({
      kind: topic.slice(topics.prefix.length + 1), perInput: s.count / inputs, pinned: changelogs.has(topic),
      keyedByInput: s.byInputKey > s.count / 2, samples: s.samples,
    })),
  };
};

export const writeShape = (file: string, shape: OutputShape): void => fs.writeFileSync(file, JSON.stringify(shape));
export const readShape = (file: string): OutputShape => JSON.parse(fs.readFileSync(file, 'utf8')) as OutputShape;

const meanBytes = (t: TopicShape): number => t.samples.reduce((n, r) => n + Buffer.byteLength(r.value, 'base64'), 0) / Math.max(1, t.samples.length);

/** Records and value bytes per input, in all: the table's note. */
export const shapeSummary = (shape: OutputShape): string => {
  const records = shape.topics.reduce((n, t) => n + t.perInput, 0);
  const bytes = shape.topics.reduce((n, t) => n + t.perInput * meanBytes(t), 0);
  return `${records.toFixed(2)} records, ${Math.round(bytes)} value bytes per report over ${shape.topics.length} topics, as the hub wrote them`;
};

/** Per topic, records per input and mean value bytes (for the JSON report). */
export const describeShape = (shape: OutputShape): Record<string, { perInput: number; meanValueBytes: number; pinned: boolean; keyedByInput: boolean }> =>
  Object.fromEntries(shape.topics.map((t) => [t.kind, { perInput: Number(t.perInput.toFixed(4)), meanValueBytes: Math.round(meanBytes(t)), pinned: t.pinned, keyedByInput: t.keyedByInput }]));
