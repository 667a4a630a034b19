import { HubError } from '../shared/errors.ts';
import type { PersonKeys } from './key-service.ts';
import type { PersonKey } from './person-key.ts';

/** How a case system's process reaches the hub's key service. */
export interface PersonKeyClientOptions {
  /** The hub's public web service, e.g. `https://hub.example/` (the path /api/v1/personnoegler is added). */
  readonly url: string;
  /** The system's API key from its connection agreement (`hub clients add`), sent as `x-api-key`. */
  readonly apiKey: string;
  /** Persons whose keys are kept in memory, least recently used dropped first. Default 100000 (about 15 MB). */
  readonly cacheSize?: number;
  /** Gives up on a request after this many ms. Default 10000. */
  readonly timeoutMs?: number;
  /** The fetch to use (tests, proxies). Default the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface PersonKeyClient extends PersonKeys {
  /** How many keys the cache holds. */
  cached(): number;
}

/** The most CPR numbers one request carries (the service's limit). */
const BATCH = 1000;

/**
 * The key service over HTTP, for a case system's process: asks POST /api/v1/personnoegler for the
 * keys it does not have, up to 1000 CPR numbers a request, and keeps them in an LRU cache for good,
 * since a person's key never changes. Any language does the same with an HTTP client and a map
 * (docs/producer-guide.md).
 */
export const createPersonKeyClient = (o: PersonKeyClientOptions): PersonKeyClient => {
  const cacheSize = o.cacheSize ?? 100_000;
  const doFetch = o.fetch ?? fetch;
  const endpoint = new URL('api/v1/personnoegler', o.url.endsWith('/') ? o.url : `${o.url}/`).toString();
  const cache = new Map<string, PersonKey>();
  const remember = (cpr: string, key: PersonKey) => {
    cache.delete(cpr);
    cache.set(cpr, key);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
  };

  const ask = async (cprs: readonly string[]): Promise<PersonKey[]> => {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': o.apiKey },
        body: JSON.stringify({ cpr: cprs }), signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new HubError('KEY_SERVICE_UNAVAILABLE', `the hub's key service at ${endpoint} did not answer: ${(error as Error).message}`, { cause: error });
    }
    const body = await response.json().catch(() => undefined) as { personnoegler?: unknown; error?: { code?: string; message?: string } } | undefined;
    if (response.ok && Array.isArray(body?.personnoegler) && body.personnoegler.length === cprs.length) return body.personnoegler as PersonKey[];
    const why = `the hub's key service answered ${response.status}${body?.error?.message ? `: ${body.error.message}` : ''}`;
    if (response.status === 401) throw new HubError('AUTH_FAILED', why);
    if (response.status === 403) throw new HubError('ACCESS_REFUSED', why);
    if (response.status === 429) throw new HubError('RATE_LIMITED', why);
    if (response.status === 400) throw new HubError('PERSON_KEY_REQUEST_INVALID', why);
    throw new HubError('KEY_SERVICE_UNAVAILABLE', why);
  };

  return {
    async keysFor(cprs) {
      const missing = [...new Set(cprs.filter((cpr) => !cache.has(cpr)))];
      for (let i = 0; i < missing.length; i += BATCH) {
        const batch = missing.slice(i, i + BATCH);
        const keys = await ask(batch);
        batch.forEach((cpr, j) => remember(cpr, keys[j]!));
      }
      return cprs.map((cpr) => {
        const key = cache.get(cpr);
        if (key === undefined) throw new HubError('KEY_SERVICE_UNAVAILABLE', 'a key was dropped from the cache while it was asked for: raise cacheSize above the batch size');
        remember(cpr, key);
        return key;
      });
    },
    cached: () => cache.size,
  };
};
