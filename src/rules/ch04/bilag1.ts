/**
 * Bilag 1 to BEK 1380/2010: which reasons for absence (fravær), exemption (fritagelse) and
 * periodic facts (periodiske forhold) are registered for each kontaktgruppe, depending on the
 * person's matchgruppe.
 *
 * SOURCE NOTE. The seed text (/work/shared/mission/bekendtgoerelse-2010.txt) stops at the heading
 * "Årsag til fravær eller fritagelse m.v." before the table itself. What follows is therefore a
 * documented STARTING SET, not a transcription: reasons the cited laws provide for (lov om en
 * aktiv beskæftigelsesindsats, lov om aktiv socialpolitik, integrationsloven, sygedagpengeloven),
 * assigned to the groups those laws govern. Replace it with the published table (retsinformation.dk,
 * BEK nr. 1380 af 10/12/2010, Bilag 1) before production; the rules read only this data, so that
 * is an edit of this file alone (or a new file and rule set for a successor order).
 *
 * `'SENIORJOB'` stands for § 20 nr. 9, persons employed in a senior job.
 */
export type Bilag1Gruppe = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 'SENIORJOB';
export type Bilag1Art = 'FRAVAER' | 'FRITAGELSE' | 'PERIODISK_FORHOLD';

export interface Bilag1Aarsag {
  readonly kode: string;
  readonly tekst: string;
  readonly art: Bilag1Art;
  /** The groups the reason may be registered for. */
  readonly grupper: readonly Bilag1Gruppe[];
  /** The match groups it is allowed in; all (and none known) when absent. */
  readonly matchgrupper?: readonly (1 | 2 | 3)[];
}

const ALLE_KONTAKTGRUPPER = [1, 2, 3, 4, 5, 6, 7, 8] as const;

export const BILAG1: readonly Bilag1Aarsag[] = [
  { kode: 'SYGDOM', tekst: 'Sygdom', art: 'FRAVAER', grupper: [...ALLE_KONTAKTGRUPPER, 'SENIORJOB'] },
  { kode: 'BARSEL', tekst: 'Barsel, adoption og forældreorlov', art: 'FRAVAER', grupper: [...ALLE_KONTAKTGRUPPER, 'SENIORJOB'] },
  { kode: 'FERIE', tekst: 'Ferie', art: 'FRAVAER', grupper: [1, 2, 3, 4, 5, 6, 7, 'SENIORJOB'] },
  { kode: 'PASNING_AF_NAERTSTAAENDE', tekst: 'Pasning af syge eller døende nærtstående', art: 'FRAVAER', grupper: [1, 2, 3, 4, 5, 'SENIORJOB'] },
  { kode: 'AFSONING', tekst: 'Afsoning eller varetægtsfængsling', art: 'FRAVAER', grupper: [1, 2, 3, 4, 5, 6, 7] },
  { kode: 'VAERNEPLIGT', tekst: 'Aftjening af værnepligt', art: 'FRAVAER', grupper: [1, 2, 3, 8] },
  { kode: 'OPHOLD_I_UDLANDET', tekst: 'Ophold i udlandet', art: 'FRAVAER', grupper: [1, 2, 3, 8] },
  { kode: 'FORESTAAENDE_JOB', tekst: 'Fritagelse pga. forestående beskæftigelse (højst 6 uger)', art: 'FRITAGELSE', grupper: [1, 2, 3], matchgrupper: [1, 2] },
  { kode: 'FORESTAAENDE_UDDANNELSE', tekst: 'Fritagelse pga. forestående uddannelse (højst 6 uger)', art: 'FRITAGELSE', grupper: [1, 2, 3], matchgrupper: [1, 2] },
  { kode: 'FORESTAAENDE_PENSION', tekst: 'Fritagelse pga. forestående efterløn eller folkepension', art: 'FRITAGELSE', grupper: [1, 2] },
  { kode: 'SOCIALE_PROBLEMER', tekst: 'Fritagelse pga. sociale eller helbredsmæssige problemer', art: 'FRITAGELSE', grupper: [2, 3], matchgrupper: [3] },
  { kode: 'DELTIDSBESKAEFTIGELSE', tekst: 'Deltidsbeskæftigelse', art: 'PERIODISK_FORHOLD', grupper: [1, 2, 3] },
  { kode: 'SELVSTAENDIG_BIBESKAEFTIGELSE', tekst: 'Selvstændig bibeskæftigelse', art: 'PERIODISK_FORHOLD', grupper: [1] },
  { kode: 'SYGEDAGPENGE_DELVIS_RASKMELDT', tekst: 'Delvis raskmelding', art: 'PERIODISK_FORHOLD', grupper: [6] },
];

export const bilag1Aarsag = (kode: string): Bilag1Aarsag | undefined => BILAG1.find((a) => a.kode === kode);
