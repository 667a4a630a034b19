import type { Redis } from 'ioredis';
import { DATA_AREAS } from '../config/data-areas.ts';
import type { Tilslutningsaftale } from '../rules/ch01/index.ts';
import { checkKommunekode } from '../rules/identifiers/index.ts';
import { HubError } from '../shared/errors.ts';
import { newApiKey, type StoredKey } from './api-keys.ts';
import type { AuditLog } from './audit-log.ts';
import { redisKeys } from '../config/redis-keys.ts';

/** A connection agreement (tilslutningsaftale, § 1) as stored: the rules' view plus its particulars. */
export interface Aftale extends Tilslutningsaftale {
  readonly navn: string;
  /** A test agreement is for testing before go-live (§ 1 stk. 2: "test før ibrugtagning"). */
  readonly miljoe: 'test' | 'produktion';
  readonly oprettet: string;
  readonly opdateret: string;
}

/** One entry of an agreement's own history (who changed what, when and why). */
export interface AftaleHistorik {
  readonly tidspunkt: string;
  readonly aktoer: string;
  readonly handling: string;
  readonly aarsag: string | null;
}

/** Redis names of the agreements (src/config/redis-keys.ts). */
export const agreementKeys = (prefix: string) => redisKeys(prefix).agreements;

export interface NewAftale {
  readonly id: string;
  readonly navn: string;
  readonly kommunekoder: readonly string[];
  readonly kapitler: readonly number[];
  readonly miljoe: 'test' | 'produktion';
}

const ID_SHAPE = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** Checks a new agreement's fields, naming the first bad one. */
export const checkNewAftale = (a: NewAftale): void => {
  if (!ID_SHAPE.test(a.id)) throw new HubError('CONFIG_INVALID', `id must be 2-63 lower-case letters, digits, '.', '_' or '-' (it is the reports' kildesystem), not "${a.id}"`);
  if (!a.navn.trim()) throw new HubError('CONFIG_INVALID', 'navn must not be empty');
  if (a.kommunekoder.length === 0) throw new HubError('CONFIG_INVALID', 'kommunekoder: name at least one kommunekode, or * for all');
  for (const k of a.kommunekoder) {
    if (k !== '*' && !checkKommunekode(k).ok) throw new HubError('CONFIG_INVALID', `kommunekoder: ${k} is not one of the 98 municipalities`);
  }
  if (a.kapitler.length === 0) throw new HubError('CONFIG_INVALID', 'kapitler: name at least one data area');
  for (const k of a.kapitler) {
    if (!DATA_AREAS.some((d) => d.kapitel === k)) throw new HubError('CONFIG_INVALID', `kapitler: ${k} is not a data area (2-11)`);
  }
  if (a.miljoe !== 'test' && a.miljoe !== 'produktion') throw new HubError('CONFIG_INVALID', 'miljoe must be test or produktion');
};

/**
 * Connection agreements in Redis: one hash of agreements, one of key hashes, a history list per
 * agreement, every change also on the audit topic, and a pub/sub message so that every process's
 * cache (the Admission hook, the web service) sees a suspension at once.
 */
export const createAgreementStore = (deps: { redis: Redis; prefix: string; audit?: AuditLog; clock?: () => number }) => {
  const keys = agreementKeys(deps.prefix);
  const clock = deps.clock ?? Date.now;
  const get = async (id: string): Promise<Aftale | undefined> => {
    const raw = await deps.redis.hget(keys.aftaler, id);
    return raw ? (JSON.parse(raw) as Aftale) : undefined;
  };
  const changed = async (id: string, aktoer: string, handling: string, aarsag: string | null) => {
    const tidspunkt = new Date(clock()).toISOString();
    await deps.redis.rpush(keys.historik(id), JSON.stringify({ tidspunkt, aktoer, handling, aarsag } satisfies AftaleHistorik));
    await deps.redis.publish(keys.aendret, id);
    await deps.audit?.record({ aktoer, kanal: 'cli', handling, objekt: `aftale:${id}`, resultat: 'ok', aarsag });
  };
  const issueKey = async (id: string): Promise<string> => {
    const { plain, stored } = await newApiKey(id, new Date(clock()));
    await deps.redis.hset(keys.noegler, stored.keyId, JSON.stringify(stored));
    return plain;
  };
  const setStatus = async (id: string, status: Aftale['status'], aktoer: string, aarsag: string) => {
    const current = await get(id);
    if (!current) throw new HubError('AGREEMENT_UNKNOWN', `no connection agreement has the id ${id}`);
    if (!aarsag.trim()) throw new HubError('CONFIG_INVALID', 'a reason (--reason) is required');
    const next: Aftale = { ...current, status, opdateret: new Date(clock()).toISOString(), ...(status === 'suspenderet' ? { suspensionAarsag: aarsag } : { suspensionAarsag: undefined }) };
    await deps.redis.hset(keys.aftaler, id, JSON.stringify(next));
    await changed(id, aktoer, status === 'suspenderet' ? 'AFTALE_SUSPENDER' : 'AFTALE_GENAABN', aarsag);
    return next;
  };
  return {
    keys,
    get,
    async list(): Promise<Aftale[]> {
      return Object.values(await deps.redis.hgetall(keys.aftaler)).map((raw) => JSON.parse(raw) as Aftale).sort((a, b) => a.id.localeCompare(b.id));
    },
    /** Creates an agreement and its first API key; returns the key in plain text (shown once). */
    async add(a: NewAftale, aktoer: string): Promise<{ aftale: Aftale; apiKey: string }> {
      checkNewAftale(a);
      const now = new Date(clock()).toISOString();
      const aftale: Aftale = { id: a.id, navn: a.navn, kommunekoder: [...a.kommunekoder], kapitler: [...a.kapitler].sort((x, y) => x - y), miljoe: a.miljoe, status: 'aktiv', oprettet: now, opdateret: now };
      const created = await deps.redis.hsetnx(keys.aftaler, a.id, JSON.stringify(aftale));
      if (created === 0) throw new HubError('AGREEMENT_EXISTS', `a connection agreement with the id ${a.id} exists already`);
      const apiKey = await issueKey(a.id);
      await changed(a.id, aktoer, 'AFTALE_OPRET', null);
      return { aftale, apiKey };
    },
    /** Issues one more API key for an agreement (for rotation); returns it in plain text. */
    async addKey(id: string, aktoer: string): Promise<string> {
      if (!(await get(id))) throw new HubError('AGREEMENT_UNKNOWN', `no connection agreement has the id ${id}`);
      const apiKey = await issueKey(id);
      await changed(id, aktoer, 'AFTALE_NOEGLE', null);
      return apiKey;
    },
    /** § 3: closes the agreement's access at once; `aarsag` says why. */
    suspend: (id: string, aktoer: string, aarsag: string) => setStatus(id, 'suspenderet', aktoer, aarsag),
    reinstate: (id: string, aktoer: string, aarsag: string) => setStatus(id, 'aktiv', aktoer, aarsag),
    async history(id: string): Promise<AftaleHistorik[]> {
      return (await deps.redis.lrange(keys.historik(id), 0, -1)).map((raw) => JSON.parse(raw) as AftaleHistorik);
    },
    async storedKey(keyId: string): Promise<StoredKey | undefined> {
      const raw = await deps.redis.hget(keys.noegler, keyId);
      return raw ? (JSON.parse(raw) as StoredKey) : undefined;
    },
    /** Makes sure an agreement exists (the local demo's); returns a new key only when it created it. */
    async ensure(a: NewAftale, aktoer: string): Promise<string | undefined> {
      if (await get(a.id)) return undefined;
      try {
        return (await this.add(a, aktoer)).apiKey;
      } catch (error) {
        if ((error as HubError).code === 'AGREEMENT_EXISTS') return undefined;
        throw error;
      }
    },
  };
};

export type AgreementStore = ReturnType<typeof createAgreementStore>;
