// The hub signs notifications with libsodium's Ed25519 (sodium-native): the header it writes is the one jose writes
// for the same key and bytes (a fund verifying with any JOSE library sees no difference).
import { CompactSign, importJWK, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_TYPE, createNotificationSigner, generateSigningKey } from '../../src/shared/notification-signing.ts';
import { startSigningThread, type SigningThread } from '../../src/shared/signing-thread.ts';

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

  it('signs a batch on its thread as it signs one here, each of several batches in flight its own', async () => {
    const jwk = await generateSigningKey(Date.parse('2026-12-01T12:00:00Z'));
    const signer = await createNotificationSigner({ active: jwk.kid!, keys: [jwk] });
    try {
      const batch = (n: number) => Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Buffer.alloc(0) : new Uint8Array(Buffer.from(`${n}:${i} Mødte ikke op`.repeat(i % 5 + 1)).subarray(1))));
      const batches = [batch(300), batch(1), batch(57)];
      const signed = await Promise.all(batches.map((values) => signer.signNotifications(values)));
      expect(signed.map((s) => s.length)).toEqual([300, 1, 57]);
      batches.forEach((values, b) => values.forEach((v, i) => expect(signed[b]![i]).toBe(signer.signNotification(v))));
      expect(await signer.signNotifications([])).toEqual([]);
      // Closed, the next batch starts a thread again.
      await signer.close();
      expect(await signer.signNotifications(batches[1]!)).toEqual(signed[1]);
    } finally {
      await signer.close();
    }
  });

  it('a thread that has ended refuses its batches; the signer then signs the batch itself and starts a new thread for the next', async () => {
    const jwk = await generateSigningKey(Date.parse('2026-12-01T12:00:00Z'));
    const ended = startSigningThread(Buffer.alloc(64), 'eyJ9');
    await ended.close();
    await expect(ended.signAll([Buffer.from('x')])).rejects.toThrow(/the signing thread ended/);

    const started: SigningThread[] = [];
    const signer = await createNotificationSigner({ active: jwk.kid!, keys: [jwk] }, (secretKey, header) => {
      const thread = startSigningThread(secretKey, header);
      started.push(thread);
      // The first thread dies while it has the batch (say, out of memory).
      if (started.length === 1) return { signAll: async (values) => { await thread.close(); return thread.signAll(values); }, close: () => thread.close() };
      return thread;
    });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const values = [Buffer.from('a'), Buffer.from('bb')];
      const expected = values.map((v) => signer.signNotification(v));
      expect(await signer.signNotifications(values)).toEqual(expected);
      expect(await signer.signNotifications(values)).toEqual(expected);
      expect(started).toHaveLength(2);
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([expect.stringMatching(/the signing thread ended.*a batch of 2 notifications is signed in the calling thread/)]);
    } finally {
      process.off('warning', onWarning);
      await signer.close();
    }
  });
});
