import type { Redis } from 'ioredis';
import type { Kafka, Producer } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import { HEADERS } from '../config/headers.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError } from '../shared/errors.ts';
import { readTopicValues } from './topic-scan.ts';
import { redisKeys } from '../config/redis-keys.ts';

/** A record on the dead-letter topic (schemas/doedt-brev.avsc). */
export interface DoedtBrev {
  readonly indberetningId: string | null;
  readonly kildesystem: string | null;
  readonly kode: string;
  readonly aarsag: string;
  readonly kildeTopic: string;
  readonly kildePartition: number;
  readonly kildeOffset: string;
  readonly noegle: string | null;
  readonly original: Buffer;
  readonly tidspunkt: string;
}

/** When and by what a dead letter was replayed (kept in Redis). */
export interface ReplayRecord {
  readonly at: string;
  /** Where the replayed copy landed: `<topic>[<partition>]@<offset>`. */
  readonly to: string;
}

/** A dead letter with its place on the dead-letter topic; `id` is `<partition>:<offset>`. */
export interface DeadLetter extends DoedtBrev {
  readonly id: string;
  readonly partition: number;
  readonly offset: string;
  readonly replayed: ReplayRecord | null;
}

/** Header on a replayed report: the dead letter it came from. */
export const REPLAY_HEADER = HEADERS.genafspilletFra;

/** Redis hash of replayed dead letters, per dead-letter topic (so each prefix has its own). */
export const replayedKey = (deadLetterTopic: string): string => redisKeys('hub').replayed(deadLetterTopic);

/**
 * Undecodable bytes cannot pass the rules by being sent again: the same bytes fail the same way
 * unless the fix was in the registry (a schema id that was missing). Replaying them is therefore
 * opt-in, and a replay that fails again yields a new dead letter, not a loop.
 */
export const isUndecodable = (d: Pick<DoedtBrev, 'kode'>): boolean => d.kode === 'DECODE_FAILED';

/** Which dead letters a replay or `show` means. Pure. */
export type DeadLetterSelector =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'all' };

/**
 * An id is a dead letter's `<partition>:<offset>`, a bare offset (any partition), or a report id
 * (indberetningId). Pure.
 */
export const matchesId = (d: DeadLetter, id: string): boolean =>
  d.id === id || d.indberetningId === id || (/^\d+$/.test(id) && d.offset === id);

/**
 * Picks dead letters for a replay. Only reports that failed on their way in (`kildeTopic` is the
 * inbound topic) can be replayed: a failed push (DELIVERY_FAILED) holds a notification that is on
 * the fund's topic already, and sending it anywhere again would double it. Pure.
 */
export const selectDeadLetters = (all: readonly DeadLetter[], selector: DeadLetterSelector, options: { inboundTopic: string; includeReplayed?: boolean; includeUndecodable?: boolean }): { chosen: DeadLetter[]; skipped: Array<{ deadLetter: DeadLetter; why: string }> } => {
  const picked = selector.kind === 'all' ? [...all]
    : selector.kind === 'code' ? all.filter((d) => d.kode === selector.code)
    : all.filter((d) => selector.ids.some((id) => matchesId(d, id)));
  const chosen: DeadLetter[] = [];
  const skipped: Array<{ deadLetter: DeadLetter; why: string }> = [];
  for (const d of picked) {
    if (d.kildeTopic !== options.inboundTopic) skipped.push({ deadLetter: d, why: `not an inbound report (from ${d.kildeTopic}); a failed push is retried by pushing, not replayed` });
    else if (d.replayed && !options.includeReplayed) skipped.push({ deadLetter: d, why: `already replayed ${d.replayed.at}` });
    else if (isUndecodable(d) && !options.includeUndecodable) skipped.push({ deadLetter: d, why: 'undecodable bytes would fail again' });
    else chosen.push(d);
  }
  return { chosen, skipped };
};

/** Every dead letter on the topic, oldest first, with its replay record. */
export const listDeadLetters = async (deps: { kafka: Kafka; codec: HubCodec; topics: TopicNames; redis: Redis }): Promise<DeadLetter[]> => {
  const records = await readTopicValues(deps.kafka, deps.topics.doedeBreve, (v) => deps.codec.decode<DoedtBrev>(v));
  const replayed = await deps.redis.hgetall(replayedKey(deps.topics.doedeBreve));
  return records.map((r) => {
    const id = `${r.partition}:${r.offset}`;
    const raw = replayed[id];
    return { ...r.value, original: Buffer.from(r.value.original), id, partition: r.partition, offset: r.offset, replayed: raw ? (JSON.parse(raw) as ReplayRecord) : null };
  });
};

/**
 * Sends each dead letter's original bytes back to the topic it came from, with its original key,
 * and records the replay in Redis. The rules consumer then judges the report afresh (at the
 * moment the hub first processed it, so the hub's own failure does not make it late) and never
 * delivers a report id twice: a report that was delivered meanwhile gets a DUBLET receipt.
 */
export const replayDeadLetters = async (
  deps: { kafka: Kafka; topics: TopicNames; redis: Redis; clock?: () => number },
  chosen: readonly DeadLetter[],
  onProgress?: (done: number) => void,
): Promise<Array<{ id: string; to: string }>> => {
  const clock = deps.clock ?? Date.now;
  const producer: Producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const done: Array<{ id: string; to: string }> = [];
  try {
    for (const d of chosen) {
      const judgedAt = String(Date.parse(d.tidspunkt));
      const headers: Record<string, string> = { [REPLAY_HEADER]: `${deps.topics.doedeBreve}:${d.id}`, [HEADERS.foersteModtagelse]: judgedAt, [HEADERS.vurderingstid]: judgedAt };
      if (d.kildesystem) headers[HEADERS.kildesystem] = d.kildesystem;
      if (d.indberetningId) headers[HEADERS.indberetningId] = d.indberetningId;
      if (d.kildeTopic !== deps.topics.indberetninger) throw new HubError('CONFIG_INVALID', `dead letter ${d.id} came from ${d.kildeTopic}, not the inbound topic; it cannot be replayed`);
      let meta;
      try {
        [meta] = await producer.send({ topic: deps.topics.indberetninger, acks: -1, messages: [{ key: d.noegle, value: d.original, headers }] });
      } catch (error) {
        throw new HubError('KAFKA_UNAVAILABLE', `could not replay dead letter ${d.id} to ${d.kildeTopic}: ${(error as Error).message}`, { cause: error });
      }
      const to = `${d.kildeTopic}[${meta?.partition}]@${meta?.baseOffset}`;
      const record: ReplayRecord = { at: new Date(clock()).toISOString(), to };
      await deps.redis.hset(replayedKey(deps.topics.doedeBreve), d.id, JSON.stringify(record));
      done.push({ id: d.id, to });
      onProgress?.(done.length);
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return done;
};
