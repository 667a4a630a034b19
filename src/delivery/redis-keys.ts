/** Redis keys the hub keeps. Never a CPR: reports are named by their id, offers by system and offer id. */
export const deliveredKey = (indberetningId: string): string => `hub:leveret:${indberetningId}`;
export const offerEndedKey = (offer: string): string => `hub:tilbud-afsluttet:${offer}`;
export const offerEndDateKey = (offer: string): string => `hub:tilbud-slutdato:${offer}`;
