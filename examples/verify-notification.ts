// Checking that a notification came from the hub, with the standard JOSE library `jose` (npm) and
// nothing of the hub's code: the subscriber kit's verifier (docs/subscriber-guide.md).
//
// On a fund topic: the header `hub-signatur` holds a JWS with a detached payload,
// `<protected header>..<signature>`; the payload is the record's value bytes exactly as read.
// On an HTTPS push: `x-hub-signatur` holds the same over the request body, and
// `Authorization: Bearer <JWT>` a credential for the fund (iss urn:dk:beskaeftigelse:hub,
// aud akasse-<code>, jti the notification id, five minutes long).
// Both verify against the hub's JWK Set at https://<hub>/.well-known/jwks.json.
import { compactVerify, createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** The hub's public keys: fetched from its address and cached (a new `kid` makes it fetch again). */
export const hubKeys = (jwks: string | JSONWebKeySet): JWTVerifyGetKey =>
  typeof jwks === 'string' ? createRemoteJWKSet(new URL(jwks), { cacheMaxAge: 10 * 60_000 }) : createLocalJWKSet(jwks);

/**
 * Resolves when `signature` (the header's value) is the hub's over exactly `payload`; rejects
 * otherwise (a changed byte, another key, a header that is not a detached JWS).
 */
export const verifyNotification = async (signature: string, payload: Uint8Array, keys: JWTVerifyGetKey): Promise<{ kid: string }> => {
  const [protectedHeader, detached, sig] = signature.split('.');
  if (protectedHeader === undefined || detached !== '' || sig === undefined) throw new Error('hub-signatur is not a JWS with a detached payload');
  const token = `${protectedHeader}.${Buffer.from(payload).toString('base64url')}.${sig}`;
  const { protectedHeader: header } = await compactVerify(token, keys, { algorithms: ['EdDSA'] });
  return { kid: String(header.kid) };
};

/** Resolves with the notification id when a push's bearer token is the hub's, for fund `code`, and current. */
export const verifyPushCredential = async (authorization: string | undefined, code: string, keys: JWTVerifyGetKey): Promise<string> => {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new Error('no bearer credential');
  const { payload } = await jwtVerify(token, keys, { algorithms: ['EdDSA'], issuer: 'urn:dk:beskaeftigelse:hub', audience: `akasse-${code}`, requiredClaims: ['jti', 'exp'] });
  return String(payload.jti);
};
