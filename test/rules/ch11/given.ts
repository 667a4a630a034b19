// Test builders for chapter 11 reports and contexts. Not a test file: vitest only collects *.test.ts.
import type { PersonState, RuleContext } from '../../../src/rules/rule-set.ts';
import type { Kapitel11Indberetning, Tilbud } from '../../../src/rules/ch11/index.ts';

/** The well-known test CPR 070761-4285: born 7 July 1961, passes modulus 11. */
export const CPR_OK = '0707614285';
/** Same birth date, last digit changed: fails modulus 11 (sum 155). */
export const CPR_MOD11_FAILS = '0707614286';
/** Novo Nordisk A/S: 2·2+4·7+2·6+5·5+6·4+7·3+9·2+0·1 = 132 = 12·11. */
export const CVR_OK = '24256790';

export const KONTAKTGRUPPE_1: PersonState = { kontaktgruppe: 1, akasse: '10' };
export const FLEKSJOB: PersonState = { kontaktgruppe: 8, akasse: '10', fleksjob: true };

/** An instant written with its explicit UTC offset, e.g. `2024-03-04T23:59:00+01:00`. */
export const at = (isoWithOffset: string): number => {
  if (!/([+-]\d{2}:\d{2}|Z)$/.test(isoWithOffset)) throw new Error(`Give the offset: ${isoWithOffset}`);
  return Date.parse(isoWithOffset);
};

/** Noon in Copenhagen on a summer (CEST) or winter (CET) date; good enough when the time of day is not the point. */
export const noonOn = (date: string): number => {
  const month = Number(date.slice(5, 7));
  return at(`${date}T12:00:00${month >= 4 && month <= 10 ? '+02:00' : '+01:00'}`);
};

export const context = (now: number, person: PersonState = KONTAKTGRUPPE_1): RuleContext => ({ now, person });

export const aTilbud = (overrides: Partial<Tilbud> = {}): Tilbud => ({
  virksomhed: { cvr: CVR_OK, pNummer: '1003456789' },
  aktuelStatus: 'AKTIV',
  startdato: '2024-05-06',
  slutdato: '2024-08-30',
  gennemsnitligUgentligTimetal: 37,
  afgivelsesdato: '2024-04-22',
  ...overrides,
});

export const aReport = (overrides: Partial<Kapitel11Indberetning> = {}): Kapitel11Indberetning => ({
  indberetningId: '6f1c1f0e-3d7a-4c55-9a4e-0d7c1c2b9e11',
  kildesystem: 'test-system',
  kommunekode: '101',
  cpr: CPR_OK,
  haendelsestype: 'udeblivelse-samtale',
  haendelsesdato: '2024-03-04',
  kendskabsdato: null,
  registreretTidspunkt: '2024-03-04T09:00:00+01:00',
  aarsag: null,
  kommentar: null,
  tilbud: null,
  loentilskud: null,
  rettelseAf: null,
  ...overrides,
});

/** An offer report of the given § 62 type with a valid tilbud. */
export const anOfferReport = (
  haendelsestype: 'tilbud-start' | 'tilbud-slut' | 'tilbud-aendring',
  tilbud: Partial<Tilbud> = {},
  overrides: Partial<Kapitel11Indberetning> = {},
): Kapitel11Indberetning => aReport({ haendelsestype, haendelsesdato: '2024-05-06', tilbud: aTilbud(tilbud), ...overrides });
