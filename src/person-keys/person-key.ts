import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { rememberedTwo } from '../shared/remembered.ts';

/**
 * The person key: 128 random bits, written `pn` + 26 lower-case base32 letters. It says nothing
 * about the CPR number it stands for; only the hub's mapping topic (person-key-log.ts) ties the
 * two together, so no partner holds anything that turns a key back into a CPR number.
 */
export type PersonKey = string;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const PERSON_KEY = /^pn[a-z2-7]{26}$/;
/** Each base32 letter's five bits by its character code, -1 for the characters that are none. */
const BASE32_VALUES = Int8Array.from({ length: 128 }, (_, code) => BASE32.indexOf(String.fromCharCode(code)));

/** RFC 4648 base32, lower case, no padding. */
const base32 = (bytes: Uint8Array): string => {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
};

/** A new person key from 16 random bytes (the caller draws them: this stays pure). */
export const newPersonKey = (random: Uint8Array): PersonKey => {
  if (random.length !== 16) throw new RangeError('a person key takes 16 random bytes');
  return `pn${base32(random)}`;
};

/**
 * The 16 bytes a person key was made from, or undefined for a value that `newPersonKey` does not
 * write (a key of the old keyed hash, or letters whose last one carries bits a key never has): so
 * two different keys never give the same bytes.
 */
export const personKeyBytes = (key: string): Uint8Array | undefined => {
  const bytes = new Uint8Array(16);
  return readPersonKey(key, bytes, 0) ? bytes : undefined;
};

/**
 * `personKeyBytes` written into `into` from `at` (16 bytes), for a caller that puts them in a larger
 * buffer (the state's keys, four a report); false, with `into` partly written, for a value that is
 * not a person key.
 */
export const readPersonKey = (key: string, into: Uint8Array, at: number): boolean => {
  // Read a letter at a time by its character code (`isPersonKey`'s shape, checked on the way).
  if (key.length !== 28 || key.charCodeAt(0) !== 0x70 || key.charCodeAt(1) !== 0x6e) return false; // 'pn'
  let buffer = 0;
  let bits = 0;
  let to = at;
  for (let i = 2; i < 28; i++) {
    const value = BASE32_VALUES[key.charCodeAt(i)] ?? -1;
    if (value < 0) return false;
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      into[to++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  // 26 letters carry 130 bits; the last two are padding, zero in every key `newPersonKey` wrote.
  return (buffer & ((1 << bits) - 1)) === 0;
};

/** Whether `value` has the shape of a person key (a key of the old keyed hash is 32 hex digits). */
export const isPersonKey = (value: string): boolean => PERSON_KEY.test(value);

/**
 * Where the hub files a CPR number in its mapping topic: HMAC-SHA256 of the CPR with a secret that
 * never leaves the hub (HUB_PERSON_LOOKUP_SECRET), 128 bits in hex. It lets the hub find a person's
 * key again after a restart without the CPR in clear in a record key.
 */
export const lookupIdOf = (lookupSecret: string, cpr: string): string =>
  createHmac('sha256', secretKeyOf(lookupSecret)).update(cpr).digest('hex').slice(0, 32);

/**
 * The secret as a key object, made once: an HMAC keyed with one is about a sixth cheaper than with
 * the text, which node turns into a key again each time (a restore computes one per membership).
 */
const secretKeyOf = rememberedTwo((secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8')));

/**
 * The person key of the shared-secret scheme this replaced, HMAC-SHA256 of the CPR number: only
 * `hub keys migrate` computes it, to find what is stored under the old keys.
 */
export const legacyPersonKeyOf = (legacySecret: string, cpr: string): string =>
  createHmac('sha256', legacySecret).update(cpr).digest('hex').slice(0, 32);
