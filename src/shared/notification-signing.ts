import sodium from 'sodium-native';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { HubError } from './errors.ts';
import { HEADERS } from '../config/headers.ts';
import { startSigningThread, type SigningThread } from './signing-thread.ts';

/**
 * Signed notifications (docs/subscriber-guide.md, "Verifying that a notification came from the hub").
 *
 * Every record on a fund's topic carries, in the Kafka header `hub-signatur`, a JWS (RFC 7515) in
 * compact serialisation with a detached payload (appendix F): `<protected header>..<signature>`.
 * The payload is the record's value exactly as it is on the topic (the Confluent-framed Avro bytes);
 * a fund puts `base64url(value)` between the two dots and verifies with any JOSE library. The
 * algorithm is EdDSA over Ed25519 (RFC 8037), the protected header names the key (`kid`), and the
 * public keys are served as a JWK Set at `/.well-known/jwks.json` on the public web service.
 * An HTTPS push carries the same signature over its body, and a bearer JWT for the fund.
 */
export const SIGNATURE_HEADER = HEADERS.signatur;
/** The HTTP header of a push that carries the signature over the body. */
export const PUSH_SIGNATURE_HEADER = 'x-hub-signatur';
/** `typ` of the protected header: what was signed. */
export const SIGNATURE_TYPE = 'hub-notifikation+jws';
/** `iss` of the push credential. */
export const CREDENTIAL_ISSUER = 'urn:dk:beskaeftigelse:hub';

/**
 * The hub's signing keys: private Ed25519 JWKs, each with a `kid`. `active` names the key that
 * signs; the others are published until every record they signed has left the topics (rotation).
 */
export interface SigningKeySet {
  readonly active: string;
  readonly keys: readonly JWK[];
}

export interface NotificationSigner {
  /** The `kid` that signs now. */
  readonly kid: string;
  /** The detached compact JWS over `bytes`: the value of the `hub-signatur` header. */
  signNotification(bytes: Uint8Array): string;
  /**
   * The same for a batch's values, on a thread of its own (`src/shared/signing-thread.ts`, started at
   * the first call): the caller's thread goes on meanwhile. Should the thread end, the batch is signed
   * here instead and the next batch starts a new thread.
   */
  signNotifications(values: readonly Uint8Array[]): Promise<string[]>;
  /** Ends the signing thread, if one runs. */
  close(): Promise<void>;
  /**
   * A short-lived JWT for a push to fund `audience` (`aud` = `akasse-<code>`, `jti` the notification
   * id, `exp` five minutes on): the credential a fund's endpoint checks against the same JWK Set.
   */
  pushCredential(audience: string, notifikationId: string, nowMs: number): Promise<string>;
  /** The public keys, every key of the set, as a JWK Set (RFC 7517 § 5). */
  jwks(): { keys: JWK[] };
}

const publicPart = (jwk: JWK): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' });

/** A new Ed25519 key as a private JWK, its `kid` the date and a random part (`2026-12-01-3f9a1c`). */
export const generateSigningKey = async (nowMs: number): Promise<JWK> => {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(3))).toString('hex');
  return { ...jwk, kid: `${new Date(nowMs).toISOString().slice(0, 10)}-${random}`, alg: 'EdDSA' };
};

const checkSet = (set: SigningKeySet, source: string): void => {
  if (!Array.isArray(set.keys) || set.keys.length === 0) throw new HubError('CONFIG_INVALID', `${source}: "keys" must list at least one key`);
  for (const [i, k] of set.keys.entries()) {
    if (k.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.d !== 'string' || typeof k.x !== 'string' || typeof k.kid !== 'string') {
      throw new HubError('CONFIG_INVALID', `${source}: keys[${i}] must be a private Ed25519 JWK (kty OKP, crv Ed25519, x, d) with a kid`);
    }
  }
  if (!set.keys.some((k) => k.kid === set.active)) throw new HubError('CONFIG_INVALID', `${source}: "active" names no key of the set`);
};

/** Reads a key set file (HUB_SIGNING_KEYS_FILE). */
export const readSigningKeySet = (file: string): SigningKeySet => {
  let set: SigningKeySet;
  try {
    set = JSON.parse(fs.readFileSync(file, 'utf8')) as SigningKeySet;
  } catch (error) {
    throw new HubError('CONFIG_INVALID', `HUB_SIGNING_KEYS_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  checkSet(set, `HUB_SIGNING_KEYS_FILE ${file}`);
  return set;
};

/** Writes a key set file, readable by its owner only (`wx`: only if there is none yet). */
export const writeSigningKeySet = (file: string, set: SigningKeySet, flag: 'w' | 'wx' = 'w'): void => {
  checkSet(set, file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600, flag });
};

/** The key set of `file`, made with one fresh key when the file does not exist (a development machine). */
export const ensureSigningKeySet = async (file: string, nowMs: number): Promise<SigningKeySet> => {
  if (fs.existsSync(file)) return readSigningKeySet(file);
  const key = await generateSigningKey(nowMs);
  const set = { active: key.kid!, keys: [key] };
  try {
    writeSigningKeySet(file, set, 'wx');
  } catch (error) {
    // Two processes starting at once: the first one's file is the one every process uses.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readSigningKeySet(file);
    throw error;
  }
  return set;
};

/**
 * Rotation, step by step (docs/operations.md): `addKey` publishes a new key without signing with it;
 * once funds have had time to fetch the JWK Set, `activateKey` lets it sign; `retireKey` drops a key
 * no record on any topic still carries a signature of.
 */
export const addKey = async (set: SigningKeySet, nowMs: number): Promise<SigningKeySet> => ({ active: set.active, keys: [...set.keys, await generateSigningKey(nowMs)] });

export const activateKey = (set: SigningKeySet, kid: string): SigningKeySet => {
  if (!set.keys.some((k) => k.kid === kid)) throw new HubError('CONFIG_INVALID', `no signing key has kid ${kid}`);
  return { active: kid, keys: set.keys };
};

export const retireKey = (set: SigningKeySet, kid: string): SigningKeySet => {
  if (kid === set.active) throw new HubError('CONFIG_INVALID', `${kid} signs now: activate another key first`);
  if (!set.keys.some((k) => k.kid === kid)) throw new HubError('CONFIG_INVALID', `no signing key has kid ${kid}`);
  return { active: set.active, keys: set.keys.filter((k) => k.kid !== kid) };
};

/** The signer of a key set. */
export const createNotificationSigner = async (set: SigningKeySet, startThread = startSigningThread): Promise<NotificationSigner> => {
  checkSet(set, 'signing keys');
  const active = set.keys.find((k) => k.kid === set.active)!;
  const seed = Buffer.from(active.d!, 'base64url');
  if (seed.length !== sodium.crypto_sign_SEEDBYTES) throw new HubError('CONFIG_INVALID', `signing key ${set.active}: "d" must be 32 bytes, base64url`);
  const publicKey = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const secretKey = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed);
  if (publicKey.toString('base64url') !== active.x) throw new HubError('CONFIG_INVALID', `signing key ${set.active}: "x" is not the public key of "d"`);
  const key = (await importJWK({ ...active, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey;
  const header = { alg: 'EdDSA', kid: set.active, typ: SIGNATURE_TYPE };
  const published = { keys: set.keys.map(publicPart) };
  // Every fund notification is signed on the rules consumer's path, a batch at a time on the
  // signing thread (or one at a time in the thread that asks): libsodium's Ed25519 (sodium-native,
  // a prebuilt addon) takes about half of what node's OpenSSL sign does per call (29 against 57 µs
  // on the benchmark machine), and a WebCrypto job with its promise per record far more. Ed25519
  // signatures are deterministic (RFC 8032), so the bytes are jose's either way (RFC 7515 § 5.1: the
  // signing input is BASE64URL(header) '.' BASE64URL(payload)), which the signing test checks.
  const signature = Buffer.alloc(sodium.crypto_sign_BYTES);
  const protectedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
  const signNotification = (bytes: Uint8Array): string => {
    const signingInput = Buffer.from(`${protectedHeader}.${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')}`, 'latin1');
    sodium.crypto_sign_detached(signature, signingInput, secretKey);
    return `${protectedHeader}..${signature.toString('base64url')}`;
  };
  let thread: SigningThread | undefined;
  return {
    kid: set.active,
    signNotification,
    async signNotifications(values) {
      const signing = (thread ??= startThread(secretKey, protectedHeader));
      try {
        return await signing.signAll(values);
      } catch (error) {
        if (thread === signing) thread = undefined;
        process.emitWarning(`${(error as Error).message}; a batch of ${values.length} notifications is signed in the calling thread, the next starts a new signing thread`);
        return values.map(signNotification);
      }
    },
    async close() {
      const closing = thread;
      thread = undefined;
      await closing?.close();
    },
    pushCredential: (audience, notifikationId, nowMs) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA', kid: set.active, typ: 'JWT' })
        .setIssuer(CREDENTIAL_ISSUER).setAudience(audience).setJti(notifikationId)
        .setIssuedAt(Math.floor(nowMs / 1000)).setExpirationTime(Math.floor(nowMs / 1000) + 300)
        .sign(key),
    jwks: () => structuredClone(published),
  };
};
