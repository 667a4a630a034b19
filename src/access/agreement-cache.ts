import type { Redis } from 'ioredis';
import type { Admission } from '../consumers/rules-consumer.ts';
import { admit } from '../rules/ch01/index.ts';
import type { Logger } from '../shared/logger.ts';
import { fingerprint, keyIdOf, verifyApiKey } from './api-keys.ts';
import type { Aftale, AgreementStore } from './agreement-store.ts';

/** The agreements one process reads on every request and report, kept current by pub/sub. */
export interface AgreementCache {
  get(id: string): Aftale | undefined;
  /** The rules consumer's hook (§§ 1, 3): synchronous, reads memory only. */
  readonly admission: Admission;
  /** The agreement an API key belongs to, or undefined for a missing, malformed or unknown key. */
  authenticate(apiKey: string | undefined): Promise<Aftale | undefined>;
  close(): Promise<void>;
}

/** A safety net for a lost pub/sub message (e.g. across a Redis restart); changes normally arrive at once. */
const FULL_RELOAD_MS = 30_000;

/**
 * Loads every agreement into memory and subscribes to the change channel: a suspension (§ 3)
 * reaches this process within one Redis round trip of the `hub clients suspend` that made it.
 */
export const startAgreementCache = async (deps: { redis: Redis; store: AgreementStore; logger: Logger }): Promise<AgreementCache> => {
  const logger = deps.logger.child({ component: 'agreement-cache' });
  const agreements = new Map<string, Aftale>();
  const verified = new Map<string, string>(); // key fingerprint → agreement id
  const reloadAll = async () => {
    const all = await deps.store.list();
    agreements.clear();
    for (const a of all) agreements.set(a.id, a);
  };
  const reloadOne = async (id: string) => {
    const a = await deps.store.get(id);
    if (a) agreements.set(id, a);
    else agreements.delete(id);
  };
  const subscriber = deps.redis.duplicate();
  subscriber.on('error', (error) => logger.warn({ err: error }, 'agreement subscriber connection error'));
  subscriber.on('message', (_channel: string, id: string) => {
    reloadOne(id).catch((error: unknown) => logger.warn({ err: error, aftale: id }, 'could not reload an agreement'));
  });
  // After a reconnect, messages sent meanwhile are lost: read everything again.
  subscriber.on('ready', () => { reloadAll().catch(() => undefined); });
  await subscriber.subscribe(deps.store.keys.aendret);
  await reloadAll();
  const timer = setInterval(() => { reloadAll().catch(() => undefined); }, FULL_RELOAD_MS);
  timer.unref();

  return {
    get: (id) => agreements.get(id),
    admission: (kildesystem, kapitel, kommunekode) => admit(agreements.get(kildesystem), kildesystem, kapitel, kommunekode),
    async authenticate(apiKey) {
      if (!apiKey) return undefined;
      const known = verified.get(fingerprint(apiKey));
      if (known) return agreements.get(known);
      const keyId = keyIdOf(apiKey);
      if (!keyId) return undefined;
      const stored = await deps.store.storedKey(keyId);
      if (!stored || !(await verifyApiKey(apiKey, stored))) return undefined;
      verified.set(fingerprint(apiKey), stored.aftaleId);
      if (!agreements.has(stored.aftaleId)) await reloadOne(stored.aftaleId);
      return agreements.get(stored.aftaleId);
    },
    async close() {
      clearInterval(timer);
      subscriber.disconnect();
    },
  };
};
