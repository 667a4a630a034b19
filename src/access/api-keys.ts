import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** What is stored for one API key: never the key itself, only a salted scrypt hash of its secret. */
export interface StoredKey {
  readonly keyId: string;
  readonly aftaleId: string;
  /** base64 salt, 16 random bytes. */
  readonly salt: string;
  /** base64 scrypt(secret, salt), 32 bytes. */
  readonly hash: string;
  readonly oprettet: string;
}

/** An API key reads `hub_<keyId>_<secret>`: the key id finds the stored hash without a scan. */
const KEY_SHAPE = /^hub_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

/** Makes a new key for an agreement. The plain key is shown once and never stored. */
export const newApiKey = async (aftaleId: string, now: Date): Promise<{ plain: string; stored: StoredKey }> => {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, 32);
  return {
    plain: `hub_${keyId}_${secret}`,
    stored: { keyId, aftaleId, salt: salt.toString('base64'), hash: hash.toString('base64'), oprettet: now.toISOString() },
  };
};

/** The key id of a well-formed key, else undefined (a malformed key is refused before any lookup). */
export const keyIdOf = (plain: string): string | undefined => KEY_SHAPE.exec(plain)?.[1];

export const verifyApiKey = async (plain: string, stored: StoredKey): Promise<boolean> => {
  const match = KEY_SHAPE.exec(plain);
  if (!match || match[1] !== stored.keyId) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scrypt(match[2]!, Buffer.from(stored.salt, 'base64'), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** A fingerprint for the in-memory cache of verified keys (so scrypt runs once per key and process). */
export const fingerprint = (plain: string): string => createHash('sha256').update(plain).digest('hex');
