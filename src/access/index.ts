/** Access (issue 5): connection agreements, API keys, suspension, § 4 notices, receipts, audit. */
export { newApiKey, verifyApiKey, keyIdOf, type StoredKey } from './api-keys.ts';
export { createAuditLog, type AuditEntry, type AuditLog } from './audit-log.ts';
export { createAgreementStore, agreementKeys, checkNewAftale, type Aftale, type AftaleHistorik, type AgreementStore, type NewAftale } from './agreement-store.ts';
export { startAgreementCache, type AgreementCache } from './agreement-cache.ts';
export { createNoticeStore, noticeFrom, noticesKey, type NoticeStore, type RecordedNotice } from './notices.ts';
export { startReceiptIndex, receiptReader, receiptKey, type Kvittering, type ReceiptIndex } from './receipt-index.ts';
export { DEMO_AFTALE, DEMO_BRUGER } from './demo.ts';
export { createPageUserStore, SESSION_TTL_MS, type PageSession, type PageUserStore } from './page-users.ts';
