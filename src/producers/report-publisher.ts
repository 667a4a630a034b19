import type { Kafka, Producer } from '../kafka/types.ts';
import type { TopicNames } from '../config/topics.ts';
import { HEADERS } from '../config/headers.ts';
import type { Reason } from '../rules/verdict.ts';
import type { HubCodec } from '../shared/codec.ts';
import { HubError } from '../shared/errors.ts';
import type { PersonKeys } from '../person-keys/index.ts';
import { maskCprInIdentifiers, cprInIdentifiers } from '../rules/ch01/index.ts';
import { newIndberetningId, schemaReasons, withNullDefaults } from './validate.ts';

/** Without the rules' pre-send check the SDK still never sends an identifier carrying a CPR number. */
const identifiersOnly: PreSendCheck = (_kapitel, report) => cprInIdentifiers(report);

/** A report to publish: its data area (kapitel) and the report itself. */
export interface Submission {
  readonly kapitel: number;
  readonly report: Record<string, unknown>;
}

export type PublishResult =
  | { readonly ok: true; readonly indberetningId: string }
  | { readonly ok: false; readonly indberetningId?: string; readonly reasons: readonly Reason[] };

/** Extra checks before sending (the rules' required-field checks); empty means fine. */
export type PreSendCheck = (kapitel: number, report: Record<string, unknown>) => readonly Reason[];

export interface ReportPublisher {
  /** Validates, encodes and sends one report; refused reports are not sent. */
  publish(submission: Submission): Promise<PublishResult>;
  /** Sends many in batches; `onProgress` is told after each batch. */
  publishMany(submissions: readonly Submission[], onProgress?: (done: number) => void): Promise<PublishResult[]>;
  close(): Promise<void>;
}

/**
 * The SDK a case system uses to publish reports: validates before it sends (the schema's shape,
 * then the rules' required fields), keys each message by the person's key from the hub's key
 * service (`personKeys`: in the hub itself, or over HTTP with person-key-client.ts; never the raw
 * CPR), and sends through an idempotent producer so retries never duplicate.
 */
export const createReportPublisher = async (deps: {
  kafka: Kafka; codec: HubCodec; topics: TopicNames; personKeys: PersonKeys; preSendCheck?: PreSendCheck; batchSize?: number;
}): Promise<ReportPublisher> => {
  const producer: Producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const batchSize = deps.batchSize ?? 500;

  const prepare = async (s: Submission) => {
    const report = withNullDefaults(s.kapitel, { indberetningId: newIndberetningId(), ...s.report });
    const id = String(report.indberetningId);
    const reasons = [...schemaReasons(s.kapitel, report)];
    if (reasons.length === 0) reasons.push(...(deps.preSendCheck ?? identifiersOnly)(s.kapitel, report));
    // A refused id is handed back masked: the caller may log or show it.
    if (reasons.length > 0) return { result: { ok: false, indberetningId: maskCprInIdentifiers({ indberetningId: id }).indberetningId, reasons } as PublishResult };
    const value = await deps.codec.encodeInbound(s.kapitel, report);
    return {
      result: { ok: true, indberetningId: id } as PublishResult,
      message: {
        cpr: String(report.cpr),
        value,
        headers: { [HEADERS.kildesystem]: String(report.kildesystem), [HEADERS.indberetningId]: id, [HEADERS.kapitel]: String(s.kapitel) },
      },
    };
  };

  const publishMany = async (submissions: readonly Submission[], onProgress?: (done: number) => void) => {
    const results: PublishResult[] = [];
    for (let i = 0; i < submissions.length; i += batchSize) {
      const prepared = await Promise.all(submissions.slice(i, i + batchSize).map(prepare));
      const sendable = prepared.flatMap((p) => (p.message ? [p.message] : []));
      const keys = await deps.personKeys.keysFor(sendable.map((m) => m.cpr));
      const messages = sendable.map((m, j) => ({ key: keys[j]!, value: m.value, headers: m.headers }));
      if (messages.length > 0) {
        try {
          await producer.send({ topic: deps.topics.indberetninger, acks: -1, messages });
        } catch (error) {
          throw new HubError('KAFKA_UNAVAILABLE', `could not publish to ${deps.topics.indberetninger}: ${(error as Error).message}`, { cause: error });
        }
      }
      results.push(...prepared.map((p) => p.result));
      onProgress?.(results.length);
    }
    return results;
  };

  return {
    publish: async (s) => (await publishMany([s]))[0]!,
    publishMany,
    close: () => producer.disconnect(),
  };
};
