import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { redisKeys } from '../config/redis-keys.ts';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** A signed-in case worker: the connection agreement they act for, and who they are. */
export interface PageSession {
  readonly aftaleId: string;
  readonly bruger: string;
}

/** How long a registration-page session lasts without use (ms). Default 8 hours: one working day. */
export const SESSION_TTL_MS = 8 * 3_600_000;

const USER_NAME = /^[a-zA-Z0-9._@-]{1,64}$/;

/**
 * Users of a connection agreement for the registration page (§ 11 stk. 2 nr. 1): a case worker
 * signs in with the agreement's id, a user name and a password, and gets a session (an HttpOnly
 * cookie) instead of handling the system's API key. Only a salted scrypt hash of a password is
 * stored, and only a SHA-256 of a session token.
 */
export const createPageUserStore = (deps: { redis: Redis; prefix: string }) => {
  const { pageUser: userKey, session: sessionKey } = redisKeys(deps.prefix);
  return {
    /** Adds (or replaces) a user and returns the password, shown once. */
    async add(aftaleId: string, bruger: string): Promise<string> {
      if (!USER_NAME.test(bruger)) throw new Error('a user name is 1–64 letters, digits, ".", "_", "@" or "-"');
      const password = randomBytes(12).toString('base64url');
      const salt = randomBytes(16);
      const hash = await scrypt(password, salt, 32);
      await deps.redis.hset(userKey(aftaleId, bruger), { salt: salt.toString('base64'), hash: hash.toString('base64') });
      return password;
    },
    async exists(aftaleId: string, bruger: string): Promise<boolean> {
      return USER_NAME.test(bruger) && (await deps.redis.exists(userKey(aftaleId, bruger))) === 1;
    },
    /** A new session when the password is right, else undefined (the same time either way). */
    async signIn(aftaleId: string, bruger: string, password: string): Promise<string | undefined> {
      const stored = USER_NAME.test(bruger) && /^[a-zA-Z0-9._-]{1,64}$/.test(aftaleId) ? await deps.redis.hgetall(userKey(aftaleId, bruger)) : {};
      const salt = stored.salt ? Buffer.from(stored.salt, 'base64') : randomBytes(16);
      const expected = stored.hash ? Buffer.from(stored.hash, 'base64') : randomBytes(32);
      const actual = await scrypt(password.slice(0, 200), salt, expected.length);
      if (!stored.hash || !timingSafeEqual(actual, expected)) return undefined;
      const token = randomBytes(32).toString('base64url');
      await deps.redis.set(sessionKey(token), JSON.stringify({ aftaleId, bruger } satisfies PageSession), 'PX', SESSION_TTL_MS);
      return token;
    },
    /** The session of a token, renewed on use; undefined when unknown or expired. */
    async session(token: string | undefined): Promise<PageSession | undefined> {
      if (!token || token.length > 100) return undefined;
      const key = sessionKey(token);
      const value = await deps.redis.get(key);
      if (!value) return undefined;
      await deps.redis.pexpire(key, SESSION_TTL_MS);
      return JSON.parse(value) as PageSession;
    },
    async signOut(token: string | undefined): Promise<void> {
      if (token) await deps.redis.del(sessionKey(token));
    },
  };
};

export type PageUserStore = ReturnType<typeof createPageUserStore>;
