import { DATA_AREAS } from '../config/data-areas.ts';
import type { NewAftale } from './agreement-store.ts';

/**
 * The local demo's agreement: `hub start` makes sure it exists, so that `hub demo` and
 * `hub publish` (kildesystem demo-sagssystem, src/producers/samples.ts) are admitted.
 * A test agreement for every municipality and data area.
 */
export const DEMO_AFTALE: NewAftale = {
  id: 'demo-sagssystem',
  navn: 'Demo-sagssystem (lokal udvikling)',
  kommunekoder: ['*'],
  kapitler: DATA_AREAS.map((a) => a.kapitel),
  miljoe: 'test',
};

/** The demo agreement's user of the registration page; `hub start` creates it once and prints its password. */
export const DEMO_BRUGER = 'sagsbehandler';
