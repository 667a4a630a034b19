import type { Kafka, Producer } from 'kafkajs';
import type { OutputRecord } from './partition-processor.ts';

/** Sends records outside a transaction, idempotently (retries never duplicate), acknowledged by every in-sync replica. */
export interface RecordSender {
  /** Sends the records in order per partition; rejects with kafkajs's error when the cluster refuses them. */
  send(records: readonly OutputRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** A producer of the hub's SDKs (one idempotent producer, one request in flight so that order holds). */
export const createRecordSender = async (kafka: Kafka): Promise<RecordSender> => {
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return {
    async send(records) {
      const byTopic = new Map<string, Array<{ key: OutputRecord['key']; value: OutputRecord['value']; headers?: OutputRecord['headers']; partition?: number }>>();
      for (const r of records) {
        let messages = byTopic.get(r.topic);
        if (!messages) byTopic.set(r.topic, (messages = []));
        messages.push({ key: r.key, value: r.value, ...(r.headers ? { headers: r.headers } : {}), ...(r.partition === undefined ? {} : { partition: r.partition }) });
      }
      if (byTopic.size > 0) await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    },
    close: () => producer.disconnect(),
  };
};
