import type { Services } from '../app/services.ts';
import { createAgreementStore, createAuditLog, createNoticeStore, createPageUserStore, receiptReader, startAgreementCache, startReceiptIndex, type AgreementCache, type AgreementStore, type AuditLog, type NoticeStore, type PageUserStore, type ReceiptIndex } from '../access/index.ts';
import { preSendCheck } from '../app/rules.ts';
import type { PersonKeys } from '../person-keys/index.ts';
import { createReportPublisher, type ReportPublisher } from '../producers/report-publisher.ts';

/** What the web service needs beside the connected services; made once per HTTP server. */
export interface AccessContext {
  readonly agreements: AgreementStore;
  readonly cache: AgreementCache;
  readonly notices: NoticeStore;
  readonly receipts: ReceiptIndex;
  readonly publisher: ReportPublisher;
  readonly audit: AuditLog;
  /** The registration page's users and sessions. */
  readonly users: PageUserStore;
  /** The hub's key service: partners ask it for person keys over HTTP (POST /api/v1/personnoegler). */
  readonly personKeys: PersonKeys;
  close(): Promise<void>;
}

/**
 * Starts the web service's companions: the agreement cache (pub/sub), the receipt index (a
 * consumer following the receipt topic into Redis; with `receiptIndex: false` only its reader, for a
 * process whose hub runs without the `receipts` role), the SDK publisher and the audit log.
 */
export const startAccessContext = async (services: Services, options: { receiptIndex?: boolean } = {}): Promise<AccessContext> => {
  const { kafka, codec, topics, redis, registry, settings, logger } = services;
  const prefix = settings.topicPrefix;
  const audit = await createAuditLog({ kafka, registry, topic: topics.audit, logger });
  const agreements = createAgreementStore({ redis, prefix, audit });
  const cache = await startAgreementCache({ redis, store: agreements, logger });
  const receipts = options.receiptIndex === false
    ? { get: receiptReader(redis, prefix), stop: async () => undefined }
    : await startReceiptIndex({ kafka, codec, redis, topic: topics.kvitteringer, prefix, groupId: `${prefix}.kvittering-indeks`, logger });
  const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, preSendCheck });
  return {
    agreements, cache, receipts, publisher, audit, personKeys: services.personKeys,
    notices: createNoticeStore({ redis, prefix, audit }),
    users: createPageUserStore({ redis, prefix }),
    async close() {
      await Promise.allSettled([receipts.stop(), publisher.close(), cache.close(), audit.close()]);
    },
  };
};
