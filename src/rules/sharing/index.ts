/** Who receives which part of an accepted report, as the order allows (pure projections). */
export type { Modtager } from './modtagere.ts';
export { DANMARKS_STATISTIK_UDELADT, KAPITLER_MED_VIDEREGIVELSE, UVM_FELTER } from './modtagere.ts';
export type { Delivery, UvmForanstaltning } from './recipients.ts';
export { deliveriesFor, payloadFor, recipientsFor } from './recipients.ts';
