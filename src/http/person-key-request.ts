/** The most CPR numbers one person-key request may carry. */
export const MAX_PERSON_KEYS_PER_REQUEST = 1000;

export type PersonKeyRequest = { readonly ok: true; readonly cprs: readonly string[] } | { readonly ok: false; readonly message: string };

/**
 * Reads the body of POST /api/v1/personnoegler: `{"cpr": [ten digits, …]}`. A refusal names the
 * position of a bad entry, never its value, which may be a CPR number.
 */
export const personKeyRequestOf = (body: unknown): PersonKeyRequest => {
  const cprs = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { cpr?: unknown }).cpr : undefined;
  if (!Array.isArray(cprs) || cprs.length === 0 || cprs.length > MAX_PERSON_KEYS_PER_REQUEST) {
    return { ok: false, message: `send {"cpr": [...]} with 1 to ${MAX_PERSON_KEYS_PER_REQUEST} CPR numbers` };
  }
  const bad = cprs.findIndex((c) => typeof c !== 'string' || !/^[0-9]{10}$/.test(c));
  if (bad >= 0) return { ok: false, message: `cpr[${bad}] is not a CPR number of ten digits without a dash` };
  return { ok: true, cprs: cprs as string[] };
};
