/** Reconciliation (afstemning) of registrations with grants and payments: pure rules (§§ 9, 45, 51, 56, 65). */
export type { Afstemningskontekst } from './context.ts';
export { YDELSER, evolveRegnskab, tomtRegnskab } from './ledger.ts';
export type { AabenAfvigelse, Afstemningsfakta, Afvigelse, Personregnskab, Ydelse, Ydelsespost } from './ledger.ts';
export { AFSTEMNINGSREGLER, afstem, afvigelserI, efterproev, type Afstemning, type Afvigelsesaendring } from './reconcile.ts';
export { naesteKontrol } from './kontrol.ts';
export { DEFAULT_AFSTEMNINGSREGLER, type Afstemningsregler } from './tolerances.ts';
export { kontaktgruppeYdelse } from './s09-kontaktgruppe-ydelse.ts';
export { foranstaltningBetalt } from './s45-s51-foranstaltning.ts';
export { hjaelpemiddelBetalt } from './s56-hjaelpemiddel.ts';
export { tilbudAfsluttetBetalt } from './s65-tilbud-loentilskud.ts';
