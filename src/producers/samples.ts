import { addDays, copenhagenDate } from '../rules/calendar/index.ts';
import type { Submission } from './report-publisher.ts';
import type { Membership } from './membership-publisher.ts';

/** A deterministic pseudo-random source, so sample sets can be reproduced. */
export const seededRandom = (seed: number) => {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x1_0000_0000;
  };
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A made-up CPR number with a real birth date (1950–1999) that passes modulus 11. */
export const sampleCpr = (random: () => number): string => {
  for (;;) {
    const year = 50 + Math.floor(random() * 50);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const body = `${pad(day, 2)}${pad(month, 2)}${pad(year, 2)}${Math.floor(random() * 4)}${pad(Math.floor(random() * 100), 2)}`;
    const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2];
    const sum = body.split('').reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
    const check = (11 - (sum % 11)) % 11;
    if (check < 10) return `${body}${check}`;
  }
};

/** A made-up CVR number that passes modulus 11. */
export const sampleCvr = (random: () => number): string => {
  for (;;) {
    const body = `${1 + Math.floor(random() * 9)}${pad(Math.floor(random() * 1_000_000), 6)}`;
    const weights = [2, 7, 6, 5, 4, 3, 2];
    const sum = body.split('').reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
    const check = (11 - (sum % 11)) % 11;
    if (check < 10) return `${body}${check}`;
  }
};

const KOMMUNER = ['101', '147', '151', '157', '173', '230', '461', '751', '851', '561'];

export interface SamplePerson {
  readonly cpr: string;
  readonly akasse: string;
  readonly kommunekode: string;
}

/**
 * `count` made-up persons with distinct CPR numbers, none of them in `taken` (another sample's persons).
 * Drawn at random, two of ten thousand would otherwise share one now and then: the same person, so one
 * fund's membership would replace the other's.
 */
export const samplePersons = (count: number, funds: readonly string[], seed = 1, taken: ReadonlySet<string> = new Set()): SamplePerson[] => {
  const random = seededRandom(seed);
  const seen = new Set<string>(taken);
  return Array.from({ length: count }, (_, i) => {
    let cpr = sampleCpr(random);
    while (seen.has(cpr)) cpr = sampleCpr(random);
    seen.add(cpr);
    return { cpr, akasse: funds[i % funds.length]!, kommunekode: KOMMUNER[i % KOMMUNER.length]! };
  });
};

export const membershipsOf = (persons: readonly SamplePerson[]): Membership[] => persons.map((p) => ({ cpr: p.cpr, akasse: p.akasse }));

const envelope = (p: SamplePerson, id: string, date: string, at: number) => ({
  indberetningId: id,
  kildesystem: 'demo-sagssystem',
  kommunekode: p.kommunekode,
  cpr: p.cpr,
  haendelsesdato: date,
  kendskabsdato: null,
  registreretTidspunkt: new Date(at).toISOString(),
  rettelseAf: null,
});

/** Chapter 2: the person enters kontaktgruppe 1 (insured unemployed) on `date`. */
export const kontaktgruppeStart = (p: SamplePerson, id: string, date: string, at: number, kontaktgruppe = 1): Submission => ({
  kapitel: 2,
  report: {
    ...envelope(p, id, date, at),
    haendelsestype: 'KONTAKTGRUPPE_START',
    kontaktgruppe: { kontaktgruppe, startdato: date, slutdato: null },
    tilmelding: null,
    afmelding: null,
  },
});

/** Chapter 11, § 61: the person failed to attend an interview on `date`. */
export const udeblivelse = (p: SamplePerson, id: string, date: string, at: number): Submission => ({
  kapitel: 11,
  report: {
    ...envelope(p, id, date, at),
    haendelsestype: 'udeblivelse-samtale',
    aarsag: 'Mødte ikke op til jobsamtale',
    kommentar: null,
    tilbud: null,
    loentilskud: null,
  },
});

/** Chapter 11, § 62: an offer of `weeks` weeks starting on `start`, given on `given`. */
export const tilbudStart = (p: SamplePerson, id: string, given: string, start: string, weeks: number, at: number, cvr: string): Submission => ({
  kapitel: 11,
  report: {
    ...envelope(p, id, given, at),
    haendelsestype: 'tilbud-start',
    aarsag: null,
    kommentar: null,
    tilbud: {
      tilbudId: `tilbud-${id}`,
      virksomhed: { cvr, pNummer: null },
      aktuelStatus: 'PLANLAGT',
      startdato: start,
      slutdato: addDays(start, weeks * 7 - 1),
      gennemsnitligUgentligTimetal: 37,
      afgivelsesdato: given,
    },
    loentilskud: null,
  },
});

/**
 * A demonstration set: each person enters kontaktgruppe 1 and then misses an interview today
 * (on time), so every chapter 11 report reaches the person's own fund.
 */
export const demoSubmissions = (persons: readonly SamplePerson[], now: number): Submission[] => {
  const today = copenhagenDate(now);
  return persons.flatMap((p, i) => [
    kontaktgruppeStart(p, `demo-kg-${i}-${now}`, today, now),
    udeblivelse(p, `demo-ude-${i}-${now}`, today, now),
  ]);
};
