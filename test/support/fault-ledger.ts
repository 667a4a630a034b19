// The bookkeeping of a fault test: every report counted from the publisher to the receipts and a
// read_committed fund reader, so that a test can say "zero lost, zero doubled" with numbers.
import type { Kafka } from 'kafkajs';
import type { HubCodec } from '../../src/shared/codec.ts';
import type { ReportPublisher, Submission } from '../../src/producers/report-publisher.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { eventually, uniqueName } from './services.ts';

/** Outcomes that end a report's processing; TILBAGEHOLDT and AFVENTER_AKASSE are interim, DUBLET a resend. */
export const FINAL_OUTCOMES = new Set(['LEVERET', 'AFVIST', 'UDEN_FOR_PERSONKREDS', 'DOEDT_BREV']);

export interface TopicCount {
  /** Messages per id. */
  readonly counts: Map<string, number>;
  /** Every value seen, in order (when `keep` is set). */
  readonly values: Array<Record<string, unknown>>;
  total(): number;
  /** Waits until `done()` holds and nothing new arrived for `quietMs`, then disconnects. */
  settle(done: () => boolean, timeoutMs: number, quietMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Counts, per id, what a read_committed reader sees on `topic` from the beginning. `decode: false`
 * reads raw messages (the id then comes from the key or headers).
 */
export const countTopic = async (
  kafka: Kafka, codec: HubCodec, topic: string,
  idOf: (value: Record<string, unknown>, message: { key: string | undefined; headers: Record<string, string> }) => string | undefined,
  options: { decode?: boolean; keep?: boolean } = {},
): Promise<TopicCount> => {
  const counts = new Map<string, number>();
  const values: Array<Record<string, unknown>> = [];
  const consumer = kafka.consumer({ groupId: uniqueName('g-ledger'), readUncommitted: false, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let last = Date.now();
  let total = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const headers = Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]));
        const value = options.decode === false || !m.value ? {} : await codec.decode<Record<string, unknown>>(m.value);
        if (options.keep) values.push(value);
        const id = idOf(value, { key: m.key?.toString(), headers });
        if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
        total++;
      }
      last = Date.now();
    },
  });
  let closed = false;
  const close = async () => { if (!closed) { closed = true; await consumer.disconnect(); } };
  return {
    counts, values, total: () => total, close,
    async settle(done, timeoutMs, quietMs = 3000) {
      const ok = await eventually(() => done() && Date.now() - last > quietMs, timeoutMs, 250);
      await close();
      return ok;
    },
  };
};

/** How many copies of each report the publisher put on the inbound topic (a failed send retried may double one). */
export const countInbound = (kafka: Kafka, codec: HubCodec, topic: string) =>
  countTopic(kafka, codec, topic, (_v, m) => m.headers[HEADERS.indberetningId], { decode: false });

/**
 * Publishes in slices, retrying a slice whose send failed (the broker away): the idempotent
 * producer never doubles within one send, but a slice sent again may be, which the ledger counts.
 * `between` runs after each slice (a fault is injected there).
 */
export const publishInSlices = async (
  publisher: ReportPublisher, submissions: readonly Submission[], slices: number,
  between: (slice: number) => Promise<void> = async () => undefined,
): Promise<{ resends: number }> => {
  const size = Math.ceil(submissions.length / slices);
  let resends = 0;
  for (let s = 0; s < slices; s++) {
    const slice = submissions.slice(s * size, (s + 1) * size);
    for (let attempt = 0; ; attempt++) {
      try {
        const results = await publisher.publishMany(slice);
        const refused = results.filter((r) => !r.ok);
        if (refused.length > 0) throw new Error(`the SDK refused ${refused.length} valid reports: ${JSON.stringify(refused[0])}`);
        break;
      } catch (error) {
        if (attempt >= 20 || /refused/.test((error as Error).message)) throw error;
        resends++;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    await between(s);
  }
  return { resends };
};

export interface LedgerResult {
  readonly reports: number;
  readonly inboundCopies: number;
  readonly receipts: number;
  readonly finalReceipts: number;
  /**
   * Reports the publisher was told were sent but that never reached the inbound topic: lost before
   * the hub (unpatched kafkajs 2.2.4 did this when a partition leader died, tulios/kafkajs#1303).
   */
  readonly neverReachedInbound: string[];
  /** Reports on the inbound topic without a final receipt: lost by the hub. */
  readonly lostReceipts: string[];
  readonly doubledFinalReceipts: string[];
  /** Receipts that are not explained by an inbound copy (a DUBLET per extra copy is expected). */
  readonly unexplainedReceipts: string[];
  readonly notifications: number;
  readonly lostNotifications: string[];
  readonly doubledNotifications: string[];
  /** Notifications on a fund topic that is not the person's fund (§ 66 stk. 2 forbids it). */
  readonly misroutedNotifications: string[];
  readonly outcomes: Record<string, number>;
}

/**
 * Reads receipts, fund topics and the inbound topic to the end and balances them: every report
 * has exactly one final receipt, every copy on the inbound topic one receipt more (a DUBLET),
 * and every report expected at a fund exactly one notification there.
 */
export const balanceLedger = async (o: {
  kafka: Kafka; codec: HubCodec; topics: { indberetninger: string; kvitteringer: string; fund(code: string): string };
  reportIds: readonly string[]; fundOf: ReadonlyMap<string, string>; funds: readonly string[]; timeoutMs: number;
}): Promise<LedgerResult> => {
  const finals = new Map<string, number>();
  const outcomes: Record<string, number> = {};
  const receipts = await countTopic(o.kafka, o.codec, o.topics.kvitteringer, (v) => {
    const id = String(v.indberetningId);
    const udfald = String(v.udfald);
    outcomes[udfald] = (outcomes[udfald] ?? 0) + 1;
    if (FINAL_OUTCOMES.has(udfald)) finals.set(id, (finals.get(id) ?? 0) + 1);
    return id;
  });
  const inbound = await countInbound(o.kafka, o.codec, o.topics.indberetninger);
  const funds = await Promise.all(o.funds.map((f) => countTopic(o.kafka, o.codec, o.topics.fund(f), (v) => `${f}:${String(v.indberetningId)}`)));
  const notified = () => funds.reduce((n, f) => n + f.counts.size, 0);
  // The publisher has finished: the inbound topic is complete once its reader goes quiet. What never
  // reached it is not waited for; receipts and notifications are awaited for what did.
  await inbound.settle(() => inbound.total() > 0, o.timeoutMs);
  const onInbound = o.reportIds.filter((id) => inbound.counts.has(id));
  const atFunds = [...o.fundOf.keys()].filter((id) => inbound.counts.has(id)).length;
  await Promise.all([
    receipts.settle(() => onInbound.every((id) => finals.has(id)), o.timeoutMs),
    ...funds.map((f) => f.settle(() => notified() >= atFunds, o.timeoutMs)),
  ]);
  const fundCounts = new Map<string, number>();
  for (const f of funds) for (const [id, c] of f.counts) fundCounts.set(id, c);
  const reached = (id: string) => inbound.counts.has(id);
  const expectedAtFund = [...o.fundOf].filter(([id]) => reached(id)).map(([id, fund]) => `${fund}:${id}`);
  const interim = (id: string) => (receipts.counts.get(id) ?? 0) - (finals.get(id) ?? 0);
  return {
    reports: o.reportIds.length,
    inboundCopies: inbound.total(),
    receipts: receipts.total(),
    finalReceipts: [...finals.values()].reduce((a, b) => a + b, 0),
    neverReachedInbound: o.reportIds.filter((id) => !reached(id)),
    lostReceipts: o.reportIds.filter((id) => reached(id) && !finals.has(id)),
    doubledFinalReceipts: o.reportIds.filter((id) => (finals.get(id) ?? 0) > 1),
    // Without holds or waits, receipts per id = copies on the inbound topic; holds add interim ones.
    unexplainedReceipts: o.reportIds.filter((id) => reached(id) && interim(id) === 0 && (receipts.counts.get(id) ?? 0) !== (inbound.counts.get(id) ?? 0)),
    notifications: [...fundCounts.values()].reduce((a, b) => a + b, 0),
    lostNotifications: expectedAtFund.filter((k) => !fundCounts.has(k)),
    doubledNotifications: [...fundCounts].filter(([, c]) => c > 1).map(([k]) => k),
    misroutedNotifications: [...fundCounts.keys()].filter((k) => !o.fundOf.has(k.slice(k.indexOf(':') + 1)) || o.fundOf.get(k.slice(k.indexOf(':') + 1)) !== k.slice(0, k.indexOf(':'))),
    outcomes,
  };
};

/**
 * The lists that "nothing lost, nothing doubled" needs empty, in one object: a test compares it with
 * NO_SHORTFALLS, and a failure shows every non-empty list at once.
 */
export const shortfalls = (l: LedgerResult) => ({
  neverReachedInbound: l.neverReachedInbound,
  lostReceipts: l.lostReceipts,
  doubledFinalReceipts: l.doubledFinalReceipts,
  unexplainedReceipts: l.unexplainedReceipts,
  lostNotifications: l.lostNotifications,
  doubledNotifications: l.doubledNotifications,
  misroutedNotifications: l.misroutedNotifications,
});

export const NO_SHORTFALLS: ReturnType<typeof shortfalls> = {
  neverReachedInbound: [], lostReceipts: [], doubledFinalReceipts: [], unexplainedReceipts: [],
  lostNotifications: [], doubledNotifications: [], misroutedNotifications: [],
};
