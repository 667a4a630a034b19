import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** HTTP Basic credentials of the operations server. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

// Compared as digests so the comparison takes the same time whatever the lengths.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Whether an `Authorization` header carries exactly `credentials` (RFC 7617). */
export const basicAuthMatches = (header: string | undefined, credentials: BasicCredentials): boolean => {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'base64').toString('utf8');
  return timingSafeEqual(digest(given), digest(`${credentials.username}:${credentials.password}`));
};

/** An onRequest hook: 401 with a Basic challenge unless the request carries the credentials. */
export const requireBasicAuth = (credentials: BasicCredentials) => async (request: FastifyRequest, reply: FastifyReply) => {
  if (basicAuthMatches(request.headers.authorization, credentials)) return;
  await reply.code(401).header('www-authenticate', 'Basic realm="hub operations", charset="UTF-8"').send({ error: { code: 'AUTH_FAILED', message: 'the operations server needs its own credentials (HUB_OPS_USERNAME, HUB_OPS_PASSWORD)' } });
};
