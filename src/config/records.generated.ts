// Generated from schemas/*.avsc by infra/schema-types.ts (npm run schemas:types). Do not edit.

/** The reconciliation consumer's changelog of one person's reconciliation state (registered periods, grants, payments, open discrepancies), keyed by the person key and written on the partition of the record that changed it, in the same transaction. A tombstone clears the person. */
export type Afstemningstilstand = {
  readonly format: number;
  readonly tilstand: string;
  readonly opdateret: string;
};

/** A discrepancy between what a municipality registered and reported and its grant and payment data (BEK 1380/2010 §§ 9, 16, 22, 28, 45, 51, 56, 65), on the compacted discrepancy topic keyed by afvigelseId (never a CPR number). Written OPEN when found and again CLOSED when a later registration, grant or payment resolves it. */
export type Afvigelse = {
  readonly afvigelseId: string;
  readonly status: 'AABEN' | 'LUKKET';
  readonly regel: string;
  readonly paragraf: string;
  readonly kapitel: number;
  readonly personnoegle: string;
  readonly kommunekode: string;
  readonly fradato: string;
  readonly tildato: string;
  readonly kilde: string;
  readonly beskrivelse: string;
  readonly aabnetTidspunkt: string;
  readonly lukketTidspunkt: null | string;
};

/** A chapter 11 notification on one unemployment fund's (a-kasse's) own topic (BEK 1380/2010 § 66 stk. 2). Dates are Copenhagen local dates, YYYY-MM-DD. */
export type AkasseNotifikation = {
  readonly notifikationId: string;
  readonly indberetningId: string;
  readonly akasse: string;
  readonly cpr: string;
  readonly kommunekode: string;
  readonly haendelsestype: string;
  readonly haendelsesdato: string;
  readonly kendskabsdato: null | string;
  readonly aarsag: null | string;
  readonly kommentar: null | string;
  readonly tilbud: null | {
    readonly tilbudId: null | string;
    readonly virksomhed: {
      readonly cvr: string;
      readonly pNummer: null | string;
    };
    readonly aktuelStatus: 'PLANLAGT' | 'AKTIV' | 'AFSLUTTET' | 'AFBRUDT' | 'ANNULLERET' | 'UKENDT';
    readonly startdato: string;
    readonly slutdato: string;
    readonly gennemsnitligUgentligTimetal: number;
    readonly afgivelsesdato: null | string;
  };
  readonly loentilskud: null | {
    readonly virksomhed: {
      readonly cvr: string;
      readonly pNummer: null | string;
    };
    readonly job: string;
  };
  readonly rettidighed: 'RETTIDIG' | 'FORSINKET' | 'UKENDT';
  readonly indberetningsart: 'NY' | 'RETTELSE' | 'UKENDT';
  readonly rettelseAf: null | string;
  readonly paragraf: string;
  readonly fristdato: string;
  readonly modtagetTidspunkt: string;
};

/** An alarm to a reporting jobcentre or to operations. Never carries the CPR number. */
export type Alarm = {
  readonly alarmId: string;
  readonly type: 'MANGLENDE_INDBERETNING' | 'IKKE_ROUTBAR' | 'UKENDT';
  readonly kommunekode: string;
  readonly kildesystem: string;
  readonly indberetningId: null | string;
  readonly tilbudId: null | string;
  readonly fristdato: null | string;
  readonly beskrivelse: string;
  readonly tidspunkt: string;
};

/** One entry of the append-only audit log (hub.audit): who did what to which object, when and through which channel. It never carries a report's content or a CPR number. */
export type AuditHaendelse = {
  readonly tidspunkt: string;
  readonly aktoer: string;
  readonly kanal: string;
  readonly handling: string;
  readonly objekt: string;
  readonly kapitel: null | number;
  readonly kommunekode: null | string;
  readonly resultat: string;
  readonly aarsag: null | string;
};

/** A grant decision (bevilling) from a municipality's payment system: a benefit, measure, wage subsidy or aid granted to a person for a period. Registrations are reconciled against it (BEK 1380/2010 §§ 9, 16, 22, 28, 45, 51, 56, 65). Sending the same bevillingId again replaces the earlier record (a correction); annulleret withdraws it. Dates are Copenhagen local dates, YYYY-MM-DD. */
export type Bevilling = {
  readonly bevillingId: string;
  readonly kildesystem: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly ydelse: 'DAGPENGE' | 'KONTANTHJAELP' | 'STARTHJAELP' | 'INTRODUKTIONSYDELSE' | 'SYGEDAGPENGE' | 'REVALIDERINGSYDELSE' | 'LEDIGHEDSYDELSE' | 'FORANSTALTNING' | 'LOENTILSKUD' | 'HJAELPEMIDDEL';
  readonly fradato: string;
  readonly tildato: null | string;
  readonly afgoerelsesdato: string;
  readonly foranstaltningId: null | string;
  readonly tilbudId: null | string;
  readonly hjaelpemiddel: null | 'UNDERVISNINGSMATERIALE' | 'ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER';
  readonly annulleret: boolean;
  readonly registreretTidspunkt: string;
};

/** What Danmarks Statistik receives of a chapter 2 report (BEK 1380/2010, data på individniveau): the report (kapitel02-indberetning.avsc) without kildesystem, registreretTidspunkt. Generated from that schema; test/rules/schemas keeps the two in step. */
export type DanmarksStatistikKapitel02 = {
  readonly indberetningId: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly haendelsestype: 'KONTAKTGRUPPE_START' | 'KONTAKTGRUPPE_SLUT' | 'TILMELDING' | 'AFMELDING';
  readonly haendelsesdato: string;
  readonly kendskabsdato: null | string;
  readonly rettelseAf: null | string;
  readonly kontaktgruppe: null | {
    readonly kontaktgruppe: number;
    readonly startdato: string;
    readonly slutdato: null | string;
  };
  readonly tilmelding: null | {
    readonly tilmeldekategori: string;
    readonly startdato: string;
    readonly ledighedsgrad: number;
    readonly stillingsbetegnelser: ReadonlyArray<string>;
  };
  readonly afmelding: null | {
    readonly afmeldingsdato: string;
    readonly aarsag: string;
  };
};

/** What Danmarks Statistik receives of a chapter 3 report (BEK 1380/2010, data på individniveau): the report (kapitel03-indberetning.avsc) without kildesystem, registreretTidspunkt, aftale. Generated from that schema; test/rules/schemas keeps the two in step. */
export type DanmarksStatistikKapitel03 = {
  readonly indberetningId: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly haendelsestype: 'JOBSAMTALE' | 'FOERSTE_HENVENDELSE' | 'MATCHGRUPPE_AENDRING';
  readonly haendelsesdato: string;
  readonly kendskabsdato: null | string;
  readonly rettelseAf: null | string;
  readonly samtaleform: string;
  readonly matchgruppe: number;
  readonly matchgruppeGaelderFra: null | string;
};

/** What Danmarks Statistik receives of a chapter 4 report (BEK 1380/2010, data på individniveau): the report (kapitel04-indberetning.avsc) without kildesystem, registreretTidspunkt. Generated from that schema; test/rules/schemas keeps the two in step. */
export type DanmarksStatistikKapitel04 = {
  readonly indberetningId: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly haendelsestype: 'FRAVAER' | 'FRITAGELSE' | 'PERIODISK_FORHOLD' | 'SENIORJOB';
  readonly haendelsesdato: string;
  readonly kendskabsdato: null | string;
  readonly rettelseAf: null | string;
  readonly aarsag: null | string;
  readonly kontaktgruppe: null | number;
  readonly matchgruppe: null | number;
  readonly seniorjob: boolean;
  readonly startdato: string;
  readonly slutdato: null | string;
  readonly godkendelsesdato: null | string;
};

/** What Danmarks Statistik receives of a chapter 5 report (BEK 1380/2010, data på individniveau): the report (kapitel05-indberetning.avsc) without kildesystem, registreretTidspunkt, kontaktmuligheder. Generated from that schema; test/rules/schemas keeps the two in step. */
export type DanmarksStatistikKapitel05 = {
  readonly indberetningId: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly haendelsestype: 'INDKALDELSE' | 'AFLYSNING' | 'FLYTNING' | 'AENDRING';
  readonly haendelsesdato: string;
  readonly kendskabsdato: null | string;
  readonly rettelseAf: null | string;
  readonly brevhaendelse: 'UDSKREVET' | 'UDLEVERET' | 'SENDT';
  readonly samtaledato: string;
  readonly samtaleklokkeslaet: string;
  readonly samtaleform: string;
  readonly samtaletype: 'JOBSAMTALE' | 'OPFOELGNINGSSAMTALE' | 'CV_SAMTALE' | 'ANDEN_INDIVIDUEL_SAMTALE' | 'MOEDE_MED_MOEDEPLIGT';
  readonly samtalested: string;
  readonly indkaldelseRef: null | string;
};

/** What Danmarks Statistik receives of a chapter 8 report (BEK 1380/2010, data på individniveau): the report (kapitel08-indberetning.avsc) without kildesystem, registreretTidspunkt. Generated from that schema; test/rules/schemas keeps the two in step. */
export type DanmarksStatistikKapitel08 = {
  readonly indberetningId: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly haendelsestype: 'FORANSTALTNING' | 'JOBPLAN';
  readonly haendelsesdato: string;
  readonly kendskabsdato: null | string;
  readonly rettelseAf: null | string;
  readonly personkreds: 'FORSIKRET_LEDIG' | 'VOKSENELEV' | 'BESKAEFTIGET';
  readonly foranstaltning: null | {
    readonly ansvarligtJobcenter: string;
    readonly registrerendeJobcenter: string;
    readonly foranstaltningId: string;
    readonly startdato: string;
    readonly slutdato: string;
    readonly gennemsnitligtUgentligtTimetal: number;
    readonly aktiveringstype: string;
    readonly kategori: 'VIRKSOMHEDSRETTET' | 'KURSUS' | 'ANDET';
    readonly virksomhedsrettet: null | {
      readonly jobordreId: null | string;
      readonly jobordretype: string;
      readonly aktivitetsudbyder: {
        readonly cvr: string;
        readonly pNummer: null | string;
      };
      readonly statsligInstitution: boolean;
      readonly ministeromraade: null | string;
      readonly stillingsbetegnelse: string;
    };
    readonly kursus: null | {
      readonly kursustype: string;
      readonly udbyder: {
        readonly cvr: string;
        readonly pNummer: null | string;
      };
      readonly holdId: string;
    };
  };
  readonly jobplan: null | {
    readonly jobplanId: string;
    readonly oprettelsesdato: string;
    readonly revisionsdato: null | string;
    readonly beskaeftigelsesmaal: string;
  };
};

/** What Danmarks Statistik receives of a chapter 9 report (BEK 1380/2010, data på individniveau): the report (kapitel09-indberetning.avsc) without kildesystem, registreretTidspunkt. Generated from that schema; test/rules/schemas keeps the two in step. */
export type DanmarksStatistikKapitel09 = {
  readonly indberetningId: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly haendelsestype: 'FORANSTALTNING' | 'JOBPLAN';
  readonly haendelsesdato: string;
  readonly kendskabsdato: null | string;
  readonly rettelseAf: null | string;
  readonly personkreds: number;
  readonly foranstaltning: null | {
    readonly foranstaltningId: null | string;
    readonly foranstaltningstype: string;
    readonly underkategori: null | string;
    readonly startdato: string;
    readonly slutdato: string;
    readonly gennemsnitligtUgentligtTimetal: number;
    readonly hovedydelse: string;
    readonly aabentTilbud: boolean;
    readonly kategori: 'VIRKSOMHEDSRETTET' | 'KURSUS' | 'ANDET';
    readonly virksomhedsrettet: null | {
      readonly stedkode: string;
      readonly aktivitetsudbyder: null | {
        readonly cvr: string;
        readonly pNummer: null | string;
      };
      readonly arbejdsstedAdresse: null | string;
      readonly statsligInstitution: boolean;
      readonly ministeromraade: null | string;
      readonly stillingsbetegnelse: string;
    };
    readonly kursus: null | {
      readonly udbyder: {
        readonly cvr: string;
        readonly pNummer: null | string;
      };
      readonly holdId: string;
    };
  };
  readonly jobplan: null | {
    readonly jobplanId: string;
    readonly oprettelsesdato: string;
    readonly revisionsdato: null | string;
    readonly beskaeftigelsesmaal: string;
  };
};

/** What Danmarks Statistik receives of a chapter 11 report (BEK 1380/2010, data på individniveau): the report (kapitel11-indberetning.avsc) without kildesystem, registreretTidspunkt, kommentar. Generated from that schema; test/rules/schemas keeps the two in step. */
export type DanmarksStatistikKapitel11 = {
  readonly indberetningId: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly haendelsestype: string;
  readonly haendelsesdato: string;
  readonly kendskabsdato: null | string;
  readonly aarsag: null | string;
  readonly tilbud: null | {
    readonly tilbudId: null | string;
    readonly virksomhed: {
      readonly cvr: string;
      readonly pNummer: null | string;
    };
    readonly aktuelStatus: 'PLANLAGT' | 'AKTIV' | 'AFSLUTTET' | 'AFBRUDT' | 'ANNULLERET' | 'UKENDT';
    readonly startdato: string;
    readonly slutdato: string;
    readonly gennemsnitligUgentligTimetal: number;
    readonly afgivelsesdato: null | string;
  };
  readonly loentilskud: null | {
    readonly virksomhed: {
      readonly cvr: string;
      readonly pNummer: null | string;
    };
    readonly job: string;
  };
  readonly rettelseAf: null | string;
};

/** A dead letter: a report the hub could not decode or route, with the reason and the original bytes for replay. */
export type DoedtBrev = {
  readonly indberetningId: null | string;
  readonly kildesystem: null | string;
  readonly kode: string;
  readonly aarsag: string;
  readonly kildeTopic: string;
  readonly kildePartition: number;
  readonly kildeOffset: string;
  readonly noegle: null | string;
  readonly original: Buffer;
  readonly tidspunkt: string;
};

/** A receipt for one processing of a report, readable by the sending system. It never carries the CPR number: the sender knows the report by its id. */
export type Kvittering = {
  readonly indberetningId: string;
  readonly kildesystem: string;
  readonly kommunekode: string;
  readonly kapitel: number;
  readonly haendelsestype: string;
  readonly udfald: 'LEVERET' | 'AFVIST' | 'UDEN_FOR_PERSONKREDS' | 'TILBAGEHOLDT' | 'AFVENTER_AKASSE' | 'DOEDT_BREV' | 'DUBLET' | 'UKENDT';
  readonly vurdering: string;
  readonly paragraf: null | string;
  readonly fristdato: null | string;
  readonly frigivesDato: null | string;
  readonly aarsager: ReadonlyArray<{
    readonly kode: string;
    readonly tekst: string;
    readonly felt: null | string;
  }>;
  readonly advarsler: ReadonlyArray<{
    readonly kode: string;
    readonly tekst: string;
    readonly felt: null | string;
  }>;
  readonly modtagere: ReadonlyArray<string>;
  readonly modtagetTidspunkt: string;
  readonly behandletTidspunkt: string;
};

/** The rules consumer's changelog of what it delivered, co-partitioned with the inbound topic (each record on its report's partition). Key 'd:<kildesystem>:<indberetningId>': that report was delivered, so a resend is a DUBLET. Key 'o:<kildesystem>:<tilbudId>': the offer's state after its latest delivered report. Key 'n:<person key>': the key service gave that key for the person whose lookup id is opslagsId, so a report under it needs no look-up. Written in the same transaction as the report it comes from. */
export type Leveringsstatus = {
  readonly art: 'LEVERET' | 'TILBUD' | 'UKENDT' | 'NOEGLE';
  readonly tidspunkt: string;
  readonly tilbudAfsluttet: boolean;
  readonly tilbudSlutdato: null | string;
  readonly opslagsId: null | string;
};

/** A person's unemployment-fund membership, on the compacted membership topic keyed by the person key. A tombstone (null value) means no membership. */
export type Medlemskab = {
  readonly cpr: string;
  readonly akasse: null | string;
  readonly fleksjob: boolean;
  readonly opdateret: string;
};

/** The rules consumer's changelog of what chapter 2 reports said about a person, keyed by the person key. Written in the same transaction as the report it comes from. */
export type Personstatus = {
  readonly kontaktgruppe: null | number;
  readonly indberetningId: string;
  readonly opdateret: string;
};

/** A payment (udbetaling) from a municipality's payment system: an amount of a benefit, measure, wage subsidy or aid paid to or for a person for a period. Registrations are reconciled against it (BEK 1380/2010 §§ 9, 16, 22, 28, 45, 51, 56, 65). Sending the same udbetalingId again replaces the earlier record; annulleret reverses it. Dates are Copenhagen local dates, YYYY-MM-DD. */
export type Udbetaling = {
  readonly udbetalingId: string;
  readonly kildesystem: string;
  readonly kommunekode: string;
  readonly cpr: string;
  readonly ydelse: 'DAGPENGE' | 'KONTANTHJAELP' | 'STARTHJAELP' | 'INTRODUKTIONSYDELSE' | 'SYGEDAGPENGE' | 'REVALIDERINGSYDELSE' | 'LEDIGHEDSYDELSE' | 'FORANSTALTNING' | 'LOENTILSKUD' | 'HJAELPEMIDDEL';
  readonly fradato: string;
  readonly tildato: string;
  readonly beloebOere: number;
  readonly udbetalingsdato: string;
  readonly bevillingId: null | string;
  readonly foranstaltningId: null | string;
  readonly tilbudId: null | string;
  readonly hjaelpemiddel: null | 'UNDERVISNINGSMATERIALE' | 'ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER';
  readonly annulleret: boolean;
  readonly registreretTidspunkt: string;
};

/** BEK 1380/2010 § 52 stk. 4: what Undervisningsministeriets fælles datagrundlag receives about an employment measure (chapter 9) for a person under 18 at its start — CPR, the measure, start and end date, nothing else. */
export type UvmForanstaltning = {
  readonly cpr: string;
  readonly foranstaltning: string;
  readonly startdato: string;
  readonly slutdato: string;
};

/** A report that cannot be delivered now: held until its release day (§ 62 stk. 1 nr. 2), or waiting for the person's fund to become known. The scheduler turns it into a BullMQ delayed job that sends it back through the rules. */
export type Ventende = {
  readonly indberetningId: string;
  readonly grund: 'TILBAGEHOLDT' | 'AFVENTER_AKASSE' | 'KONTROL_AFSLUTNING' | 'UKENDT' | 'KONTROL_AFSTEMNING';
  readonly fristdato: null | string;
  readonly frigivesTidspunkt: number;
  readonly foersteModtagelse: number;
  readonly forsoeg: number;
  readonly noegle: string;
  readonly original: Buffer;
};
