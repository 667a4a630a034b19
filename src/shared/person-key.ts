import { createHmac } from 'node:crypto';

/**
 * The stable person key: a keyed hash (HMAC-SHA256) of the CPR number. Messages are keyed and
 * partitioned by it, so a CPR never appears in a key, and without the secret the key cannot be
 * turned back into a CPR by trying all of them.
 */
export const personKey = (secret: string, cpr: string): string =>
  createHmac('sha256', secret).update(cpr).digest('hex').slice(0, 32);
