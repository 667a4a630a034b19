// The hub signs notifications with libsodium's Ed25519 (sodium-native): the header it writes is the one jose writes
// for the same key and bytes (a fund verifying with any JOSE library sees no difference).
import { CompactSign, importJWK, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_TYPE, createNotificationSigner, generateSigningKey } from '../../src/shared/notification-signing.ts';

describe('signNotification', () => {
  it('writes the detached compact JWS jose writes, byte for byte', async () => {
    const jwk = await generateSigningKey(Date.parse('2026-12-01T12:00:00Z'));
    const signer = await createNotificationSigner({ active: jwk.kid!, keys: [jwk] });
    const key = (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey;
    for (const bytes of [Buffer.alloc(0), Buffer.from([0, 0, 0, 0, 7, 2, 200, 255]), Buffer.from('Mødte ikke op til jobsamtale'.repeat(20)), new Uint8Array(Buffer.from('xyz-a view into a larger buffer').subarray(4, 20))]) {
      const [header, , signature] = (await new CompactSign(bytes).setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid!, typ: SIGNATURE_TYPE }).sign(key)).split('.');
      expect(await signer.signNotification(bytes)).toBe(`${header}..${signature}`);
    }
  });

  it('refuses a key whose "d" is not 32 bytes or whose "x" is not its public key', async () => {
    const a = await generateSigningKey(Date.parse('2026-12-01T12:00:00Z'));
    const b = await generateSigningKey(Date.parse('2026-12-01T12:00:00Z'));
    await expect(createNotificationSigner({ active: a.kid!, keys: [{ ...a, d: a.d!.slice(0, 20) }] })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/"d" must be 32 bytes/) });
    await expect(createNotificationSigner({ active: a.kid!, keys: [{ ...a, x: b.x! }] })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/"x" is not the public key/) });
  });
});
