/** Person keys (issue 13, point 6): random keys from the hub's key service, their HTTP client, and the migration from the keyed hash. */
export { isPersonKey, legacyPersonKeyOf, lookupIdOf, newPersonKey, type PersonKey } from './person-key.ts';
export { personKeyIndexDir, startPersonKeyService, type PersonKeyService, type PersonKeys } from './key-service.ts';
export { createPersonKeyClient, type PersonKeyClient, type PersonKeyClientOptions } from './person-key-client.ts';
