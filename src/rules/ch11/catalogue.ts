import { HAENDELSESTYPER, type Haendelsestype } from './report.ts';

/** The paragraph that fixes when an event type must be reported. */
export type TimingParagraph = '§ 61' | '§ 62 stk. 1 nr. 1' | '§ 62 stk. 1 nr. 2' | '§ 62 stk. 1 nr. 3-5';

/** The optional report parts § 63 stk. 2 (`loentilskud`) and stk. 3 (`tilbud`) make required. */
export type ExtraField = 'tilbud' | 'loentilskud';

/** What the order says about one event type. */
export interface CatalogueEntry {
  readonly haendelsestype: Haendelsestype;
  /** § 61 for the events of §§ 102–106, 108–109; § 62 for the offer events of § 107. */
  readonly timing: TimingParagraph;
  readonly description: { readonly da: string; readonly en: string };
  /** Extra parts the report must carry: § 63 stk. 2 for wage subsidy, stk. 3 for § 62 events. */
  readonly requires: readonly ExtraField[];
  /** § 60 stk. 2: a-kasse members in a flexi-job are reported on § 62 events only. */
  readonly fleksjobCovered: boolean;
}

const s61 = (haendelsestype: Haendelsestype, da: string, en: string, requires: readonly ExtraField[] = []): CatalogueEntry => ({
  haendelsestype,
  timing: '§ 61',
  description: { da, en },
  requires,
  fleksjobCovered: false,
});

const s62 = (haendelsestype: Haendelsestype, timing: TimingParagraph, da: string, en: string): CatalogueEntry => ({
  haendelsestype,
  timing,
  description: { da, en },
  requires: ['tilbud'],
  fleksjobCovered: true,
});

/** The chapter 11 event catalogue, one entry per `Haendelsestype`. */
export const KAPITEL11_CATALOGUE: Readonly<Record<Haendelsestype, CatalogueEntry>> = {
  'udeblivelse-samtale': s61('udeblivelse-samtale', 'Udeblivelse fra samtale i jobcenteret', 'Failure to attend an interview at the jobcentre'),
  'udeblivelse-tilbud': s61('udeblivelse-tilbud', 'Udeblivelse fra tilbud', 'Absence from an offer'),
  'afvisning-tilbud': s61('afvisning-tilbud', 'Afvisning af tilbud', 'Refusal of an offer'),
  'afvisning-jobplan': s61('afvisning-jobplan', 'Afvisning af at medvirke til jobplan', 'Refusal to take part in drawing up a job plan'),
  'afvisning-henvist-arbejde': s61('afvisning-henvist-arbejde', 'Afvisning af henvist arbejde', 'Refusal of work the jobcentre referred the person to'),
  'ophoer-tilbud': s61('ophoer-tilbud', 'Selvforskyldt ophør i tilbud', 'Leaving an offer by the person’s own doing'),
  'loentilskud-ansaettelse': s61(
    'loentilskud-ansaettelse',
    'Ansættelse i løntilskud',
    'Employment in a wage-subsidy job',
    ['loentilskud'],
  ),
  'tilbud-start': s62('tilbud-start', '§ 62 stk. 1 nr. 1', 'Påbegyndelse af tilbud', 'Start of an offer'),
  'tilbud-slut': s62('tilbud-slut', '§ 62 stk. 1 nr. 2', 'Afslutning af tilbud', 'End of an offer'),
  'tilbud-aendring': s62(
    'tilbud-aendring',
    '§ 62 stk. 1 nr. 3-5',
    'Ændring af tilbuddets start- eller slutdato eller gennemsnitlige ugentlige timetal',
    'Change of an offer’s start or end date or average weekly hours',
  ),
};

/** True when `value` names an event type in the catalogue. */
export const isHaendelsestype = (value: unknown): value is Haendelsestype =>
  typeof value === 'string' && (HAENDELSESTYPER as readonly string[]).includes(value);

/** The catalogue entry of an event type, or undefined for a type the catalogue does not know. */
export const catalogueEntry = (haendelsestype: unknown): CatalogueEntry | undefined =>
  isHaendelsestype(haendelsestype) ? KAPITEL11_CATALOGUE[haendelsestype] : undefined;
