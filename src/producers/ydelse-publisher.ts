import type { TopicNames } from '../config/topics.ts';
import { HEADERS } from '../config/headers.ts';
import type { OutputRecord } from '../kafka/partition-processor.ts';
import { createRecordSender } from '../kafka/record-sender.ts';
import type { Kafka } from '../kafka/types.ts';
import type { Reason } from '../rules/verdict.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError } from '../shared/errors.ts';
import type { PersonKeys } from '../person-keys/index.ts';
import { ydelseReasons, type YdelseRecord } from './ydelse-lines.ts';

export type YdelsePublishResult =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly reasons: readonly Reason[] };

export interface YdelsePublisher {
  /** Validates, encodes and sends grants and payments in order; a refused one is not sent. */
  publishMany(ydelser: readonly YdelseRecord[]): Promise<YdelsePublishResult[]>;
  close(): Promise<void>;
}

/**
 * The SDK a municipality's payment system uses to publish grant decisions (`hub.bevillinger`)
 * and payments (`hub.udbetalinger`): validated as reports are, keyed by the person's key from the
 * hub's key service (never the raw CPR; a person's grants, payments and reports share a
 * partition), sent through an idempotent producer.
 */
export const createYdelsePublisher = async (deps: { kafka: Kafka; codec: HubCodec; topics: TopicNames; personKeys: PersonKeys }): Promise<YdelsePublisher> => {
  const sender = await createRecordSender(deps.kafka);
  return {
    async publishMany(ydelser) {
      const results: YdelsePublishResult[] = [];
      const records: OutputRecord[] = [];
      const checked = ydelser.map((y) => ({ y, reasons: ydelseReasons(y.art, y.record) }));
      const valid = checked.filter((c) => c.reasons.length === 0);
      const keys = await deps.personKeys.keysFor(valid.map((c) => String(c.y.record.cpr)));
      const keyOf = new Map(valid.map((c, i) => [c, keys[i]!]));
      for (const c of checked) {
        const { y, reasons } = c;
        if (reasons.length > 0) { results.push({ ok: false, reasons }); continue; }
        // The SDK's check above is the schema's: the record is the contract's shape.
        const topic: string = y.art === 'bevilling' ? deps.topics.bevillinger : deps.topics.udbetalinger;
        records.push({
          topic, key: keyOf.get(c)!, value: await deps.codec.encode(topic, y.record),
          headers: { [HEADERS.kildesystem]: String(y.record.kildesystem) },
        });
        results.push({ ok: true, id: String(y.art === 'bevilling' ? y.record.bevillingId : y.record.udbetalingId) });
      }
      try {
        await sender.send(records);
      } catch (error) {
        throw new HubError('KAFKA_UNAVAILABLE', `could not publish grants and payments: ${(error as Error).message}`, { cause: error });
      }
      return results;
    },
    close: () => sender.close(),
  };
};
