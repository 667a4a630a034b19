import { randomBytes } from 'node:crypto';
import { Partitioners, type KafkaMessage, type Message } from 'kafkajs';
import type { Pipe } from './pipeline.ts';
import { benchKafka, createTopics, deleteGroups, deleteTopics, uniqueName, withAdmin } from './bench-kafka.ts';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one host. */
const nowMs = (): number => performance.timeOrigin + performance.now();

/** How a probe message carries its send time through the pipe and back out. */
export interface LatencyProbe {
  message(index: number, sentAtMs: number): Message;
  /** The send time carried by an output message, or undefined if it carries none. */
  sentAt(message: KafkaMessage): number | undefined;
}

const SENT_AT = 'bench-sent-at';

/** Default probe: opaque payload, send time in a header (the raw pipes copy headers through). */
export const headerProbe = (messageSize: number): LatencyProbe => {
  const value = randomBytes(messageSize);
  return {
    message: (index, sentAtMs) => ({ key: String(index), value, headers: { [SENT_AT]: String(sentAtMs) } }),
    sentAt: (message) => {
      const header = message.headers?.[SENT_AT];
      return header === undefined ? undefined : Number(header.toString());
    },
  };
};

export interface LatencyOptions {
  /** Default ['127.0.0.1:9092']. */
  brokers?: string[];
  /** Payload bytes for the default probe; default 512. */
  messageSize?: number;
  /** Replaces the header probe, e.g. for a pipeline that does not forward headers. */
  probe?: LatencyProbe;
  /** Seconds of load at the start that are sent but not counted; default 1. */
  warmupSeconds?: number;
}

export interface LatencyResult {
  ratePerSec: number;
  seconds: number;
  sent: number;
  /** Output messages counted (after warm-up). */
  measured: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of an ascending array; `p` in 0–100. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

/**
 * End-to-end latency of `pipe` under a fixed offered load: `ratePerSec` messages a second for
 * `seconds`, from an open-loop producer that stamps each message with the moment it was *due*
 * (not when it went out), so a stalled pipe cannot hide its stall (coordinated omission).
 * Latency is the time from due to arrival at a consumer of the output topic.
 */
export const measureLatency = async (pipe: Pipe, ratePerSec: number, seconds: number, options: LatencyOptions = {}): Promise<LatencyResult> => {
  const brokers = options.brokers ?? ['127.0.0.1:9092'];
  const probe = options.probe ?? headerProbe(options.messageSize ?? 512);
  const warmupSeconds = options.warmupSeconds ?? 1;
  const inputTopic = uniqueName('lat-in');
  const outputTopic = uniqueName('lat-out');
  return withAdmin(brokers, async (admin) => {
    await createTopics(admin, [inputTopic, outputTopic]);
    const kafka = benchKafka(brokers, 'bench-latency');
    const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    const groups = [uniqueName('lat-receiver'), uniqueName('lat-group')] as const;
    const receiver = kafka.consumer({ groupId: groups[0], maxWaitTimeInMs: 50 });
    const running = await pipe.start({ brokers, inputTopic, outputTopic, groupId: groups[1] });
    try {
      const latencies: number[] = [];
      let countFrom = Number.POSITIVE_INFINITY;
      await Promise.all([producer.connect(), receiver.connect()]);
      await receiver.subscribe({ topics: [outputTopic], fromBeginning: true });
      const joined = new Promise<void>((resolve) => receiver.on(receiver.events.GROUP_JOIN, () => resolve()));
      await receiver.run({
        eachBatch: async ({ batch }) => {
          const arrivedAt = nowMs();
          for (const m of batch.messages) {
            const sentAt = probe.sentAt(m);
            if (sentAt !== undefined && sentAt >= countFrom) latencies.push(arrivedAt - sentAt);
          }
        },
      });
      await joined;

      const total = Math.round(ratePerSec * (seconds + warmupSeconds));
      const startedAt = nowMs();
      countFrom = startedAt + warmupSeconds * 1000;
      const sends: Promise<unknown>[] = [];
      let sent = 0;
      while (sent < total) {
        const due = Math.min(total, Math.floor(((nowMs() - startedAt) / 1000) * ratePerSec) + 1);
        const messages: Message[] = [];
        for (; sent < due; sent++) messages.push(probe.message(sent, startedAt + (sent / ratePerSec) * 1000));
        if (messages.length > 0) sends.push(producer.send({ topic: inputTopic, messages, acks: 1 }));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await Promise.all(sends);
      const expected = Math.round(ratePerSec * seconds);
      const deadline = nowMs() + 30_000;
      while (latencies.length < expected && nowMs() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

      const sorted = latencies.sort((a, b) => a - b);
      return {
        ratePerSec, seconds, sent, measured: sorted.length,
        p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? Number.NaN,
      };
    } finally {
      await running.stop();
      await Promise.all([receiver.disconnect(), producer.disconnect()]);
      await deleteTopics(admin, [inputTopic, outputTopic]);
      await deleteGroups(admin, [...groups]);
    }
  });
};
