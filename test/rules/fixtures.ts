// Valid reports per chapter, written from the schemas and the order's field lists (not from the
// rules), and helpers to put the report's moment on a Copenhagen day.
import type { Kapitel2Indberetning } from '../../src/rules/ch02/index.ts';
import type { Kapitel3Indberetning } from '../../src/rules/ch03/index.ts';
import type { Kapitel4Indberetning } from '../../src/rules/ch04/index.ts';
import type { Kapitel5Indberetning } from '../../src/rules/ch05/index.ts';
import type { Kapitel6Indberetning } from '../../src/rules/ch06/index.ts';
import type { Kapitel7Indberetning } from '../../src/rules/ch07/index.ts';
import type { Kapitel8Indberetning } from '../../src/rules/ch08/index.ts';
import type { Kapitel9Indberetning } from '../../src/rules/ch09/index.ts';
import type { Kapitel10Indberetning } from '../../src/rules/ch10/index.ts';
import type { PersonState, RuleContext } from '../../src/rules/rule-set.ts';

/** CPR office example 070761-4285: born 1961-07-07, passes modulus 11. */
export const CPR = '0707614285';
/** Born 2000-03-15 (7th digit 4, YY 00 → 2000s). */
export const CPR_BORN_2000_03_15 = '1503004001';

/** 11:00 or 12:00 in Copenhagen on `date` (10:00 UTC), far from any midnight. */
export const noonOn = (date: string): number => Date.parse(`${date}T10:00:00Z`);
export const ctxOn = (date: string, person: PersonState = { kontaktgruppe: 1 }): RuleContext => ({ now: noonOn(date), person });
/** A registration instant on `date` in Copenhagen. */
export const registeredOn = (date: string): string => `${date}T09:30:00+01:00`;

const envelope = (haendelsesdato: string) => ({
  indberetningId: '6f1c2e1a-0000-4000-8000-000000000001',
  kildesystem: 'KMD-Opus-test',
  kommunekode: '751',
  cpr: CPR,
  haendelsesdato,
  kendskabsdato: null,
  registreretTidspunkt: registeredOn(haendelsesdato),
  rettelseAf: null,
});

export const kapitel2Start = (over: Partial<Kapitel2Indberetning> = {}): Kapitel2Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'KONTAKTGRUPPE_START',
  kontaktgruppe: { kontaktgruppe: 1, startdato: '2011-03-01', slutdato: null },
  tilmelding: null,
  afmelding: null,
  ...over,
});

export const kapitel2Slut = (over: Partial<Kapitel2Indberetning> = {}): Kapitel2Indberetning => ({
  ...envelope('2011-03-31'),
  haendelsestype: 'KONTAKTGRUPPE_SLUT',
  kontaktgruppe: { kontaktgruppe: 1, startdato: '2011-03-01', slutdato: '2011-03-31' },
  tilmelding: null,
  afmelding: null,
  ...over,
});

export const kapitel2Tilmelding = (over: Partial<Kapitel2Indberetning> = {}): Kapitel2Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'TILMELDING',
  kontaktgruppe: null,
  tilmelding: { tilmeldekategori: 'DAGPENGEMODTAGER', startdato: '2011-03-01', ledighedsgrad: 100, stillingsbetegnelser: ['Tømrer'] },
  afmelding: null,
  ...over,
});

export const kapitel2Afmelding = (afmeldingsdato: string, registreret = '2011-03-01'): Kapitel2Indberetning => ({
  ...envelope(registreret),
  registreretTidspunkt: registeredOn(registreret),
  haendelsestype: 'AFMELDING',
  kontaktgruppe: null,
  tilmelding: null,
  afmelding: { afmeldingsdato, aarsag: 'I_ARBEJDE' },
});

export const kapitel3 = (over: Partial<Kapitel3Indberetning> = {}): Kapitel3Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'JOBSAMTALE',
  samtaleform: 'PERSONLIG',
  aftale: 'Næste samtale om 3 måneder',
  matchgruppe: 1,
  matchgruppeGaelderFra: null,
  ...over,
});

export const kapitel4 = (over: Partial<Kapitel4Indberetning> = {}): Kapitel4Indberetning => ({
  ...envelope('2011-03-07'),
  kendskabsdato: '2011-03-01',
  haendelsestype: 'FRAVAER',
  aarsag: 'SYGDOM',
  kontaktgruppe: 1,
  matchgruppe: 1,
  seniorjob: false,
  startdato: '2011-03-07',
  slutdato: null,
  godkendelsesdato: null,
  ...over,
});

export const kapitel5 = (over: Partial<Kapitel5Indberetning> = {}): Kapitel5Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'INDKALDELSE',
  brevhaendelse: 'SENDT',
  samtaledato: '2011-03-10',
  samtaleklokkeslaet: '09:30',
  samtaleform: 'PERSONLIG',
  samtaletype: 'JOBSAMTALE',
  samtalested: 'Jobcenter Aarhus, Værkmestergade 25',
  kontaktmuligheder: ['tlf. 8940 0000', 'jobcenter@aarhus.dk'],
  indkaldelseRef: null,
  ...over,
});

export const kapitel6 = (over: Partial<Kapitel6Indberetning> = {}): Kapitel6Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'OPFOELGNINGSSAMTALE',
  samtaleform: 'PERSONLIG',
  visitationskategori: 2,
  aftaler: null,
  vurderingAfBehovForIndsats: null,
  ...over,
});

export const kapitel7 = (over: Partial<Kapitel7Indberetning> = {}): Kapitel7Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'CV_SAMTALE',
  ydelse: 'KONTANTHJAELP',
  aleneLedighed: true,
  godkendelsesstatus: 'GODKENDT',
  aftaler: null,
  ...over,
});

const NOVO = { cvr: '24256790', pNummer: '1003388394' };

export const kapitel8 = (over: Partial<Kapitel8Indberetning> = {}): Kapitel8Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'FORANSTALTNING',
  personkreds: 'FORSIKRET_LEDIG',
  foranstaltning: {
    ansvarligtJobcenter: '751',
    registrerendeJobcenter: '751',
    foranstaltningId: 'F-8-0001',
    startdato: '2011-03-01',
    slutdato: '2011-05-31',
    gennemsnitligtUgentligtTimetal: 37,
    aktiveringstype: 'LOENTILSKUD_PRIVAT',
    kategori: 'VIRKSOMHEDSRETTET',
    virksomhedsrettet: {
      jobordreId: null,
      jobordretype: 'LOENTILSKUD',
      aktivitetsudbyder: NOVO,
      statsligInstitution: false,
      ministeromraade: null,
      stillingsbetegnelse: 'Laborant',
    },
    kursus: null,
  },
  jobplan: null,
  ...over,
});

export const kapitel9 = (over: Partial<Kapitel9Indberetning> = {}): Kapitel9Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'FORANSTALTNING',
  personkreds: 1,
  foranstaltning: {
    foranstaltningId: 'F-9-0001',
    foranstaltningstype: 'VIRKSOMHEDSPRAKTIK',
    underkategori: null,
    startdato: '2011-03-01',
    slutdato: '2011-04-30',
    gennemsnitligtUgentligtTimetal: 30,
    hovedydelse: 'KONTANTHJAELP',
    aabentTilbud: false,
    kategori: 'VIRKSOMHEDSRETTET',
    virksomhedsrettet: {
      stedkode: '751-0001',
      aktivitetsudbyder: NOVO,
      arbejdsstedAdresse: null,
      statsligInstitution: false,
      ministeromraade: null,
      stillingsbetegnelse: 'Lagermedarbejder',
    },
    kursus: null,
  },
  jobplan: null,
  ...over,
});

export const kapitel10 = (over: Partial<Kapitel10Indberetning> = {}): Kapitel10Indberetning => ({
  ...envelope('2011-03-01'),
  haendelsestype: 'TILSKUD_BEVILGET',
  hjaelpemiddel: 'ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER',
  tilskudsmodtager: null,
  ...over,
});
