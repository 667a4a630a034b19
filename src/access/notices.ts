import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { copenhagenDate } from '../rules/calendar/index.ts';
import { decideSystemaendring, type Systemaendring, type SystemaendringVerdict } from '../rules/ch01/index.ts';
import type { AuditLog } from './audit-log.ts';
import { redisKeys } from '../config/redis-keys.ts';

/** A recorded system-change notice (§ 4) with the verdict on its timeliness. */
export interface RecordedNotice extends Systemaendring {
  readonly id: string;
  readonly anmeldtAf: string;
  /** When the hub received it (ISO instant) and its Copenhagen date, the day that counts. */
  readonly modtaget: string;
  readonly modtagetDato: string;
  readonly vurdering: SystemaendringVerdict;
}

export const noticesKey = (prefix: string): string => redisKeys(prefix).notices;

/** Parses loose input (CLI options, an HTTP body) into a notice; absent text becomes '' for the rule to name. */
export const noticeFrom = (input: Record<string, unknown>): Systemaendring => ({
  kommunekode: typeof input.kommunekode === 'string' ? input.kommunekode : String(input.kommunekode ?? ''),
  idriftsaettelse: typeof input.idriftsaettelse === 'string' ? input.idriftsaettelse : '',
  system: typeof input.system === 'string' ? input.system : '',
  beskrivelse: typeof input.beskrivelse === 'string' ? input.beskrivelse : '',
});

/**
 * Records § 4 notices in Redis (a hash by id) and on the audit topic. A notice that came too late
 * is still recorded (with verdict `late`): the authority needs to know of the change either way.
 * A malformed one (verdict `rejected`) is not recorded.
 */
export const createNoticeStore = (deps: { redis: Redis; prefix: string; audit?: AuditLog; clock?: () => number }) => {
  const clock = deps.clock ?? Date.now;
  return {
    async add(notice: Systemaendring, anmeldtAf: string, kanal: 'cli' | 'http'): Promise<RecordedNotice | { rejected: SystemaendringVerdict }> {
      const now = clock();
      const modtagetDato = copenhagenDate(now);
      const vurdering = decideSystemaendring(notice, modtagetDato);
      if (vurdering.kind === 'rejected') return { rejected: vurdering };
      const recorded: RecordedNotice = { ...notice, id: randomUUID(), anmeldtAf, modtaget: new Date(now).toISOString(), modtagetDato, vurdering };
      await deps.redis.hset(noticesKey(deps.prefix), recorded.id, JSON.stringify(recorded));
      await deps.audit?.record({ aktoer: anmeldtAf, kanal, handling: 'SYSTEMAENDRING', objekt: `systemaendring:${recorded.id}`, kommunekode: notice.kommunekode, resultat: vurdering.kind, aarsag: null });
      return recorded;
    },
    async list(): Promise<RecordedNotice[]> {
      return Object.values(await deps.redis.hgetall(noticesKey(deps.prefix))).map((r) => JSON.parse(r) as RecordedNotice).sort((a, b) => a.idriftsaettelse.localeCompare(b.idriftsaettelse));
    },
  };
};

export type NoticeStore = ReturnType<typeof createNoticeStore>;
