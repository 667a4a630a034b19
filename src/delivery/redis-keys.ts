/**
 * Redis keys the hub keeps, under the topic prefix so that hubs (and tests) sharing one Redis stay
 * apart. Never a CPR: reports are named by sending system and id, offers by system and offer id.
 */
export const redisKeys = (prefix: string) => ({
  delivered: (kildesystem: string, indberetningId: string): string => `${prefix}:leveret:${kildesystem}:${indberetningId}`,
  offerEnded: (offer: string): string => `${prefix}:tilbud-afsluttet:${offer}`,
  offerEndDate: (offer: string): string => `${prefix}:tilbud-slutdato:${offer}`,
});

export type RedisKeys = ReturnType<typeof redisKeys>;
