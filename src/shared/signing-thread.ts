import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { workerRequests } from './worker-requests.ts';

/**
 * Signs batches of fund notifications on a thread of its own, with libsodium's Ed25519 as
 * `createNotificationSigner` signs one in the calling thread (the same bytes: Ed25519 is
 * deterministic), so that the thread that runs the rules goes on with other partitions' batches
 * meanwhile. A batch's values go over in one transferred buffer, its signatures come back in one.
 */
export interface SigningThread {
  /**
   * The detached compact JWS over each value, in order (the `hub-signatur` header's value). Rejects
   * when the thread has ended, before or while it signs.
   */
  signAll(values: readonly Uint8Array[]): Promise<string[]>;
  /** Ends the thread; batches it has not answered are rejected. */
  close(): Promise<void>;
}

/** Bytes of an Ed25519 signature. */
const SIGNATURE_BYTES = 64;

/**
 * The worker, in plain JavaScript (it runs beside the bundle, not in it), with dynamic imports only:
 * an evaluated worker is a CommonJS script or an ES module depending on the parent's flags. The
 * signing input is RFC 7515's: BASE64URL(protected header) '.' BASE64URL(value).
 */
const WORKER_SOURCE = `
Promise.all([import('node:worker_threads'), import('node:url')]).then(async ([{ parentPort, workerData }, { pathToFileURL }]) => {
  const sodium = (await import(pathToFileURL(workerData.sodium).href)).default;
  const secretKey = Buffer.from(workerData.secretKey);
  const prefix = workerData.protectedHeader + '.';
  parentPort.on('message', ({ id, values, ends }) => {
    const bytes = Buffer.from(values);
    const out = Buffer.alloc(ends.length * ${SIGNATURE_BYTES});
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      const input = Buffer.from(prefix + bytes.toString('base64url', start, ends[i]), 'latin1');
      sodium.crypto_sign_detached(out.subarray(i * ${SIGNATURE_BYTES}, (i + 1) * ${SIGNATURE_BYTES}), input, secretKey);
      start = ends[i];
    }
    parentPort.postMessage({ id, signatures: out.buffer }, [out.buffer]);
  });
});
`;

/** Starts the thread for a libsodium secret key and the JWS's encoded protected header; it does not keep the process alive while idle. */
export const startSigningThread = (secretKey: Uint8Array, protectedHeader: string): SigningThread => {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { sodium: createRequire(import.meta.url).resolve('sodium-native'), secretKey: Uint8Array.from(secretKey), protectedHeader },
  });
  const requests = workerRequests(worker, 'the signing thread');
  return {
    async signAll(values) {
      const ended = requests.ended();
      if (ended) throw ended;
      if (values.length === 0) return [];
      let size = 0;
      for (const v of values) size += v.byteLength;
      const all = new Uint8Array(size);
      const ends = new Uint32Array(values.length);
      let at = 0;
      for (let i = 0; i < values.length; i++) {
        all.set(values[i]!, at);
        at += values[i]!.byteLength;
        ends[i] = at;
      }
      const { signatures } = await requests.ask<{ signatures: ArrayBuffer }>({ values: all.buffer, ends }, [all.buffer, ends.buffer]);
      const bytes = Buffer.from(signatures);
      return values.map((_, i) => `${protectedHeader}..${bytes.toString('base64url', i * SIGNATURE_BYTES, (i + 1) * SIGNATURE_BYTES)}`);
    },
    close: async () => {
      await worker.terminate();
    },
  };
};
