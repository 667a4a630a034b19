import type { Topic, TopicNames } from '../config/topics.ts';
import type { Kapitel11Indberetning } from '../rules/ch11/report.ts';
import type { Verdict } from '../rules/verdict.ts';
import { redactCpr } from '../shared/logger.ts';
import { isoInstant } from '../shared/logical-types.ts';
import { nextOffer, offerIdOf, reportIdOf, type OfferState, type StateChange } from '../state/changes.ts';
import { HEADERS } from '../config/headers.ts';
import { notificationOf, receiptOf, type ReportEnvelope } from './messages.ts';
import type { Plan } from './plan.ts';

/** A record to encode with its topic's schema and write; `partition` pins changelog records. */
export interface PlannedRecord {
  readonly topic: string;
  readonly key: string | Buffer | null;
  readonly value: object;
  readonly headers?: Record<string, string>;
  readonly partition?: number;
  /** A fund notification: its encoded value is signed (the `hub-signatur` header, notification-signing.ts). */
  readonly signed?: boolean;
  /** The value is the record's bytes already (a report forwarded as it came): written, not encoded. */
  readonly encoded?: boolean;
}

/**
 * A record for `topic`, its value checked at compile time against the type of the topic's schema.
 * Every planned record has the same fields (an absent one undefined), so the code that reads them
 * meets one shape of object, not one per kind of record.
 */
export const planned = <T>(topic: Topic<T>, value: T, rest: Omit<PlannedRecord, 'topic' | 'value'>): PlannedRecord =>
  recordOf(topic, rest.key, value as object, rest);

const recordOf = (topic: string, key: string | Buffer | null, value: object, rest?: Omit<PlannedRecord, 'topic' | 'value' | 'key'>): PlannedRecord =>
  ({ topic, key, value, headers: rest?.headers, partition: rest?.partition, signed: rest?.signed, encoded: rest?.encoded });

/** Where a report came from: the dead letters and the changelog records name it. */
export interface Source {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer;
}

export interface ReportOutputsInput {
  readonly topics: TopicNames;
  readonly source: Source;
  readonly kapitel: number;
  readonly report: Record<string, unknown>;
  readonly personKey: string;
  readonly verdict: Verdict;
  readonly plan: Plan;
  readonly firstReceivedAt: number;
  readonly processedAt: number;
  /** The offer the report is about, as the state holds it (chapter 11 offer reports). */
  readonly offer?: OfferState;
  /** A kontaktgruppe the report sets (chapter 2), from the rules (`kontaktgruppeChange`). */
  readonly kontaktgruppe?: { readonly kontaktgruppe: number | null };
  /** The report id's delivered marker (`markerOf`), when the shell computed it to look for a duplicate. */
  readonly deliveredMarker?: Uint8Array;
  /** The recipients' minimised copies of an accepted report (the sharing rules). */
  readonly shares: ReadonlyArray<{ readonly topic: string; readonly value: object }>;
  /** The report as the inbound union's branch value, for the warehouse record. */
  readonly wrapReport: (kapitel: number, report: object) => object;
}

export interface Outputs {
  readonly records: readonly PlannedRecord[];
  /** State changes, applied to the partition's store once the transaction has committed. */
  readonly changes: readonly StateChange[];
}


/** A dead letter (schemas/doedt-brev.avsc) keeping the original bytes for a replay. */
export const deadLetterOf = (topics: TopicNames, source: Source, d: { indberetningId: string | null; kildesystem: string | null; kode: string; aarsag: string; noegle: string | null; at: number }): PlannedRecord => planned(topics.doedeBreve, {
  // Ids from headers or undecodable bytes are whatever a sender wrote: never let a CPR number through.
  indberetningId: d.indberetningId === null ? null : redactCpr(d.indberetningId), kildesystem: d.kildesystem === null ? null : redactCpr(d.kildesystem),
  kode: d.kode, aarsag: redactCpr(d.aarsag),
  kildeTopic: source.topic, kildePartition: source.partition, kildeOffset: source.offset, noegle: d.noegle, original: source.value, tidspunkt: isoInstant(d.at),
}, { key: source.key });

/**
 * A report that arrived under another key than its person's (an old keyed hash, a held report from
 * before `hub keys migrate`, a sender's mistake) sits on a partition without the person's state: it
 * is sent on, as it came, under the person's key, to be judged on that key's partition at the moment
 * it was first received. Nothing else is written for it here.
 */
export const forwardedOf = (topics: TopicNames, source: Source, headers: Readonly<Record<string, string>>, personKey: string, receivedAt: number): PlannedRecord => recordOf(topics.indberetninger, personKey, source.value, {
  encoded: true,
  headers: { ...headers, [HEADERS.foersteModtagelse]: headers[HEADERS.foersteModtagelse] ?? String(receivedAt), [HEADERS.vurderingstid]: headers[HEADERS.vurderingstid] ?? String(receivedAt) },
});

/**
 * The key service confirmed that a report's person key is its person's key: the partition learns it
 * (changelog record `n:<person key>` on the report's partition), so the next report under that key
 * needs no look-up.
 */
export const keyConfirmedOf = (topics: TopicNames, personKey: string, lookupId: string, partition: number, at: number): { record: PlannedRecord; change: StateChange } => ({
  record: planned(topics.leveringer, { art: 'NOEGLE', tidspunkt: isoInstant(at), tilbudAfsluttet: false, tilbudSlutdato: null, opslagsId: lookupId }, { key: `n:${personKey}`, partition }),
  change: { kind: 'noegle', personKey, lookupId },
});

/**
 * Everything one processed report writes, decided without I/O: its receipt, the fund notification
 * and the warehouse and authorities' copies of a delivered report, waiting records, a dead letter
 * with its alarm, and the state changes with their changelog records (on the report's partition).
 */
export const outputsOf = (i: ReportOutputsInput): Outputs => {
  const { topics, plan, verdict, personKey: key, processedAt } = i;
  const envelope = i.report as unknown as ReportEnvelope;
  const records: PlannedRecord[] = [];
  const changes: StateChange[] = [];
  const recipients: string[] = [];
  for (const delivery of plan.deliveries) {
    if (delivery.to === 'fund') {
      const topic = topics.fund(delivery.akasse);
      records.push(planned(topic, notificationOf(i.report as unknown as Kapitel11Indberetning, verdict, delivery.akasse, i.firstReceivedAt), { key, headers: { [HEADERS.indberetningId]: envelope.indberetningId }, signed: true }));
      recipients.push(topic);
    } else {
      records.push(recordOf(topics.datavarehus, key, {
        vurdering: verdict.kind, paragraf: verdict.paragraph, fristdato: 'dueDate' in verdict ? verdict.dueDate : null,
        modtagetTidspunkt: isoInstant(i.firstReceivedAt), indberetning: { kapitel: i.kapitel, data: i.wrapReport(i.kapitel, i.report) },
      }));
      recipients.push(topics.datavarehus);
      for (const share of i.shares) {
        records.push(recordOf(share.topic, key, share.value));
        recipients.push(share.topic);
      }
    }
  }
  if (plan.udfald === 'LEVERET') {
    const reportId = reportIdOf(envelope.kildesystem, envelope.indberetningId);
    changes.push({ kind: 'delivered', reportId, at: processedAt, marker: i.deliveredMarker });
    records.push(planned(topics.leveringer, { art: 'LEVERET', tidspunkt: isoInstant(processedAt), tilbudAfsluttet: false, tilbudSlutdato: null, opslagsId: null }, { key: `d:${reportId}`, partition: i.source.partition }));
    const tilbud = (i.report as unknown as Kapitel11Indberetning).tilbud;
    if (tilbud?.tilbudId) {
      const offerId = offerIdOf(envelope.kildesystem, tilbud.tilbudId);
      const offer = nextOffer(i.offer, String(envelope.haendelsestype ?? ''), tilbud.slutdato ?? null);
      changes.push({ kind: 'offer', offerId, offer });
      records.push(planned(topics.leveringer, { art: 'TILBUD', tidspunkt: isoInstant(processedAt), tilbudAfsluttet: offer.ended, tilbudSlutdato: offer.slutdato, opslagsId: null }, { key: `o:${offerId}`, partition: i.source.partition }));
    }
    if (i.kontaktgruppe) {
      changes.push({ kind: 'kontaktgruppe', personKey: key, kontaktgruppe: i.kontaktgruppe.kontaktgruppe, at: processedAt });
      records.push(planned(topics.personstatus, { kontaktgruppe: i.kontaktgruppe.kontaktgruppe, indberetningId: envelope.indberetningId, opdateret: isoInstant(processedAt) }, { key, partition: i.source.partition }));
    }
  }
  for (const p of plan.pending) {
    records.push(planned(topics.ventende, {
      indberetningId: envelope.indberetningId, grund: p.grund, fristdato: p.grund === 'KONTROL_AFSLUTNING' ? p.fristdato : null,
      frigivesTidspunkt: p.releaseAt, foersteModtagelse: i.firstReceivedAt, forsoeg: p.grund === 'AFVENTER_AKASSE' ? p.forsoeg : 0,
      noegle: key, original: i.source.value,
    }, { key }));
  }
  if (plan.deadLetter) {
    records.push(deadLetterOf(topics, { ...i.source, key }, { indberetningId: envelope.indberetningId, kildesystem: envelope.kildesystem, kode: plan.deadLetter.kode, aarsag: plan.deadLetter.aarsag, noegle: key, at: processedAt }));
    if (plan.deadLetter.kode === 'UNKNOWN_FUND') {
      // The reporting jobcentre and operations must hear of a report no fund received.
      records.push(planned(topics.alarmer, {
        alarmId: `ikke-routbar.${envelope.kildesystem}.${envelope.indberetningId}`, type: 'IKKE_ROUTBAR',
        kommunekode: envelope.kommunekode, kildesystem: envelope.kildesystem, indberetningId: envelope.indberetningId,
        tilbudId: null, fristdato: null, beskrivelse: redactCpr(plan.deadLetter.aarsag), tidspunkt: isoInstant(processedAt),
      }, { key: envelope.kommunekode }));
    }
  }
  const held = plan.pending.find((p) => p.grund === 'TILBAGEHOLDT');
  records.push(planned(topics.kvitteringer, receiptOf({
    report: envelope, kapitel: i.kapitel, verdict, udfald: plan.udfald, extraReasons: plan.reasons, recipients,
    releaseOn: held && verdict.kind === 'premature' ? verdict.releaseOn ?? null : null, receivedAt: i.firstReceivedAt, processedAt,
  }), { key: envelope.indberetningId, headers: { [HEADERS.kildesystem]: envelope.kildesystem } }));
  return { records, changes };
};

/**
 * The end-of-offer check, run when its waiting job falls due (§ 62 stk. 1 nr. 2: an offer's end is
 * reported on its end date): a missing-report alarm, or nothing when the end was reported or moved.
 */
export const offerCheckOutputs = (topics: TopicNames, i: { report: Record<string, unknown>; indberetningId: string; fristdato: string; missing: boolean; at: number }): PlannedRecord[] => {
  if (!i.missing) return [];
  const envelope = i.report as unknown as ReportEnvelope;
  const tilbudId = (i.report as unknown as Kapitel11Indberetning).tilbud?.tilbudId ?? null;
  const offer = offerIdOf(envelope.kildesystem, tilbudId ?? '');
  return [planned(topics.alarmer, {
    alarmId: `mangler.${offer}.${i.fristdato}`, type: 'MANGLENDE_INDBERETNING',
    kommunekode: envelope.kommunekode, kildesystem: envelope.kildesystem, indberetningId: i.indberetningId, tilbudId, fristdato: i.fristdato,
    beskrivelse: `The offer's end date ${i.fristdato} has passed without an end report (§ 62 stk. 1 nr. 2: an offer's end is reported on its end date).`,
    tidspunkt: isoInstant(i.at),
  }, { key: envelope.kommunekode })];
};
