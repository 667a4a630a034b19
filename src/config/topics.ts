import { remembered } from '../shared/remembered.ts';
import type {
  Afstemningstilstand, Afvigelse, AkasseNotifikation, Alarm, AuditHaendelse, Bevilling, DanmarksStatistikKapitel02, DanmarksStatistikKapitel03, DanmarksStatistikKapitel04,
  DanmarksStatistikKapitel05, DanmarksStatistikKapitel08, DanmarksStatistikKapitel09, DanmarksStatistikKapitel11, DoedtBrev,
  Kvittering, Leveringsstatus, Medlemskab, Personstatus, Udbetaling, UvmForanstaltning, Ventende,
} from './records.generated.ts';

declare const recordType: unique symbol;

/**
 * A topic's name that carries the type of the records on it, generated from its Avro schema
 * (records.generated.ts): `codec.encode(topics.kvitteringer, value)` checks `value` against the
 * receipt's schema at compile time. At run time it is a plain string; a plain string is a topic
 * of unknown records.
 */
export type Topic<T> = string & { readonly [recordType]?: T };

/** Danmarks Statistik's share of any chapter (one schema per chapter). */
export type DanmarksStatistik =
  | DanmarksStatistikKapitel02 | DanmarksStatistikKapitel03 | DanmarksStatistikKapitel04 | DanmarksStatistikKapitel05
  | DanmarksStatistikKapitel08 | DanmarksStatistikKapitel09 | DanmarksStatistikKapitel11;

/**
 * The hub's topics. One inbound topic carries every data area, keyed by the person key, so that
 * all reports about one person stay in order on one partition (a chapter 2 contact-group change
 * is seen before the chapter 11 event that follows it; issue 4, point 6).
 */
export interface TopicNames {
  /** The prefix every name starts with (`HUB_TOPIC_PREFIX`); Redis keys of the hub start with it too. */
  readonly prefix: string;
  /** Inbound reports of every data area (Avro union of the per-area records). */
  readonly indberetninger: string;
  /** Compacted: a-kasse membership per person key, fed by whoever knows membership. */
  readonly medlemskab: Topic<Medlemskab>;
  /** Compacted changelog of the rules consumer's person state (kontaktgruppe), written in its transactions. */
  readonly personstatus: Topic<Personstatus>;
  /**
   * Compacted changelog of what the rules consumer delivered (report ids, offers' states), each
   * record on its report's partition; written in its transactions, read back on a restore.
   */
  readonly leveringer: Topic<Leveringsstatus>;
  /**
   * Compacted: the person-key mapping (src/person-keys/), each record a key proposed for a CPR
   * number's lookup id; only the hub reads or writes it. Its records are
   * text, not Avro (key-proposals.ts).
   */
  readonly personnoegler: string;
  /** One receipt per processing of a report: verdict, reasons, where it went. */
  readonly kvitteringer: Topic<Kvittering>;
  /** Undecodable or unroutable reports, with the reason. */
  readonly doedeBreve: Topic<DoedtBrev>;
  /** Reports held until a release day, or waiting for a fund; BullMQ schedules them back. */
  readonly ventende: Topic<Ventende>;
  /** Alarms: missing reports and reports that could not be routed in time. */
  readonly alarmer: Topic<Alarm>;
  /** Every accepted report, for the statistical warehouse and DFDG. */
  readonly datavarehus: string;
  /** Danmarks Statistik's share of one chapter (2, 3, 4, 5, 8, 9, 11), each with its minimised schema. */
  danmarksStatistik(kapitel: number): Topic<DanmarksStatistik>;
  /** The education ministry's feed of measures for persons under 18 (§ 52 stk. 4). */
  readonly uvm: Topic<UvmForanstaltning>;
  /** Append-only audit of who submitted, read or changed what. */
  readonly audit: Topic<AuditHaendelse>;
  /** The topic of one fund (a-kasse) by its code. */
  fund(code: string): Topic<AkasseNotifikation>;
  /** Grant decisions (bevillinger) from the municipalities' payment systems, keyed by the person key. */
  readonly bevillinger: Topic<Bevilling>;
  /** Payments (udbetalinger) from the municipalities' payment systems, keyed by the person key. */
  readonly udbetalinger: Topic<Udbetaling>;
  /** Compacted: discrepancies between registrations and grants or payments, keyed by discrepancy id (docs/reconciliation.md). */
  readonly afvigelser: Topic<Afvigelse>;
  /** Compacted changelog of the reconciliation consumer's per-person state, written in its transactions. */
  readonly afstemning: Topic<Afstemningstilstand>;
}

export const topicNames = (prefix = 'hub'): TopicNames => ({
  prefix,
  indberetninger: `${prefix}.indberetninger`,
  medlemskab: `${prefix}.medlemskab`,
  personstatus: `${prefix}.personstatus`,
  leveringer: `${prefix}.leveringer`,
  personnoegler: `${prefix}.personnoegler`,
  kvitteringer: `${prefix}.kvitteringer`,
  doedeBreve: `${prefix}.doede-breve`,
  ventende: `${prefix}.ventende`,
  alarmer: `${prefix}.alarmer`,
  datavarehus: `${prefix}.datavarehus`,
  // Named once per chapter and fund: asked for several times a report, and a name made anew is a new
  // string whose hash every topic-keyed Map (schema ids, partition counts) computes again.
  danmarksStatistik: remembered((kapitel: number) => `${prefix}.danmarks-statistik.kapitel${String(kapitel).padStart(2, '0')}`),
  uvm: `${prefix}.uvm`,
  audit: `${prefix}.audit`,
  fund: remembered((code: string) => `${prefix}.akasse.${code}`),
  bevillinger: `${prefix}.bevillinger`,
  udbetalinger: `${prefix}.udbetalinger`,
  afvigelser: `${prefix}.afvigelser`,
  afstemning: `${prefix}.afstemning`,
});
