// Issue 13, point 5: every fund notification is signed, on its topic and in a push, and a fund
// verifies it with standard JOSE libraries (jose in TypeScript, joserfc in Python) against the
// hub's JWK Set; a tampered notification fails.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { addKey, activateKey, createNotificationSigner, ensureSigningKeySet, SIGNATURE_HEADER } from '../../src/shared/notification-signing.ts';
import { hubKeys, verifyNotification, verifyPushCredential } from '../../examples/verify-notification.ts';
import { PYTHON_KIT, ensurePythonVenv } from '../support/python-venv.ts';
import { eventually, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-signing-'));
const keysFile = path.join(dir, 'signing-keys.json');
const pushes: Array<{ headers: http.IncomingHttpHeaders; body: Buffer }> = [];
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => { pushes.push({ headers: request.headers, body: Buffer.concat(chunks) }); response.writeHead(204).end(); });
});
let services: Services;
let hub: RunningHub;
let python: string;

beforeAll(async () => {
  python = ensurePythonVenv('python-kit', PYTHON_KIT);
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  const fundsFile = path.join(dir, 'akasser.json');
  fs.writeFileSync(fundsFile, JSON.stringify({ akasser: [{ code: 'aak', navn: 'AAK', pushUrl: `http://127.0.0.1:${port}/notifikationer` }, { code: '3f', navn: '3F' }] }));
  await ensureSigningKeySet(keysFile, Date.now());
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('sign'), HUB_PARTITIONS: '1', HUB_FUNDS_FILE: fundsFile, HUB_SIGNING_KEYS_FILE: keysFile }), testLogger);
  hub = await startHub(services);
}, 300_000);

afterAll(async () => {
  await hub?.stop();
  await services?.close();
  receiver.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const pythonVerify = (args: string[]) =>
  run(python, [path.join(repoRoot(), 'examples/python/verify_notification.py'), '--jwks', path.join(dir, 'jwks.json'), ...args]).then(() => 'valid', () => 'invalid');

describe('signed notifications', () => {
  it('signs each notification on the fund topic and in the push; jose and joserfc verify them, and refuse a tampered one', async () => {
    const { kafka, codec, topics, settings, signer } = services;
    const [person] = samplePersons(1, ['aak'], 4242);
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish([{ cpr: person!.cpr, akasse: 'aak' }]);
    await members.close();
    const now = Date.now();
    const today = copenhagenDate(now);
    const sdk = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    const id = uniqueName('ude');
    await sdk.publishMany([kontaktgruppeStart(person!, uniqueName('kg'), today, now), udeblivelse(person!, id, today, now)]);
    await sdk.close();

    // The fund reads its topic as it would: value bytes and the header, nothing of the hub's code.
    const records: Array<{ value: Buffer; signature: string }> = [];
    const consumer = kafka.consumer({ groupId: uniqueName('akasse-aak.verify') });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.fund('aak'), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => { records.push({ value: message.value!, signature: String(message.headers?.[SIGNATURE_HEADER]) }); } });
    expect(await eventually(() => records.length === 1 && pushes.length === 1, 30_000)).toBe(true);
    await consumer.disconnect();

    // The JWK Set as the public web service serves it (src/http/plugins.ts), public parts only.
    const jwks = signer.jwks();
    expect(jwks.keys.every((k) => k.d === undefined && k.kty === 'OKP' && k.crv === 'Ed25519')).toBe(true);
    fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(jwks));
    const keys = hubKeys(jwks);

    const [record] = records;
    expect(record!.signature).toMatch(/^[\w-]+\.\.[\w-]+$/);
    await expect(verifyNotification(record!.signature, record!.value, keys)).resolves.toEqual({ kid: signer.kid });
    const tampered = Buffer.from(record!.value);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    await expect(verifyNotification(record!.signature, tampered, keys)).rejects.toThrow();
    fs.writeFileSync(path.join(dir, 'record.bin'), record!.value);
    fs.writeFileSync(path.join(dir, 'tampered.bin'), tampered);
    expect(await pythonVerify(['--signature', record!.signature, '--value-file', path.join(dir, 'record.bin')])).toBe('valid');
    expect(await pythonVerify(['--signature', record!.signature, '--value-file', path.join(dir, 'tampered.bin')])).toBe('invalid');

    // The push: the same scheme over the body, and a credential for this fund only.
    const [push] = pushes;
    const pushSignature = String(push!.headers['x-hub-signatur']);
    await expect(verifyNotification(pushSignature, push!.body, keys)).resolves.toEqual({ kid: signer.kid });
    const changedBody = Buffer.from(push!.body.toString('utf8').replace(/"paragraf":"[^"]*"/, '"paragraf":"§ 62"'));
    expect(changedBody.equals(push!.body)).toBe(false);
    await expect(verifyNotification(pushSignature, changedBody, keys)).rejects.toThrow();
    const authorization = String(push!.headers.authorization);
    const notifikationId = `${id}:aak`;
    await expect(verifyPushCredential(authorization, 'aak', keys)).resolves.toBe(notifikationId);
    await expect(verifyPushCredential(authorization, '3f', keys)).rejects.toThrow(); // another fund's endpoint refuses it
    fs.writeFileSync(path.join(dir, 'push.bin'), push!.body);
    fs.writeFileSync(path.join(dir, 'push-changed.bin'), changedBody);
    expect(await pythonVerify(['--signature', pushSignature, '--value-file', path.join(dir, 'push.bin'), '--bearer', authorization, '--fund', 'aak'])).toBe('valid');
    expect(await pythonVerify(['--signature', pushSignature, '--value-file', path.join(dir, 'push-changed.bin')])).toBe('invalid');
    expect(await pythonVerify(['--bearer', authorization, '--fund', '3f'])).toBe('invalid');
  }, 120_000);

  it('keeps verifying what the old key signed after a rotation, while the new key signs', async () => {
    const old = services.signer;
    const payload = Buffer.from('a record');
    const byOld = await old.signNotification(payload);
    const added = await addKey({ active: old.kid, keys: JSON.parse(fs.readFileSync(keysFile, 'utf8')).keys }, Date.now());
    const rotated = await createNotificationSigner(activateKey(added, added.keys[1]!.kid!));
    expect(rotated.kid).not.toBe(old.kid);
    const keys = hubKeys(rotated.jwks());
    await expect(verifyNotification(byOld, payload, keys)).resolves.toEqual({ kid: old.kid });
    await expect(verifyNotification(await rotated.signNotification(payload), payload, keys)).resolves.toEqual({ kid: rotated.kid });
    // A signature by a key the set does not hold is refused.
    await expect(verifyNotification(await rotated.signNotification(payload), payload, hubKeys(old.jwks()))).rejects.toThrow();
  });
});
