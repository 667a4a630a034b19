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
  readonly medlemskab: string;
  /** Compacted changelog of the rules consumer's person state (kontaktgruppe), written in its transactions. */
  readonly personstatus: string;
  /**
   * Compacted changelog of what the rules consumer delivered (report ids, offers' states), each
   * record on its report's partition; written in its transactions, read back on a restore.
   */
  readonly leveringer: string;
  /** One receipt per processing of a report: verdict, reasons, where it went. */
  readonly kvitteringer: string;
  /** Undecodable or unroutable reports, with the reason. */
  readonly doedeBreve: string;
  /** Reports held until a release day, or waiting for a fund; BullMQ schedules them back. */
  readonly ventende: string;
  /** Alarms: missing reports and reports that could not be routed in time. */
  readonly alarmer: string;
  /** Every accepted report, for the statistical warehouse and DFDG. */
  readonly datavarehus: string;
  /** Danmarks Statistik's share of one chapter (2, 3, 4, 5, 8, 9, 11), each with its minimised schema. */
  danmarksStatistik(kapitel: number): string;
  /** The education ministry's feed of measures for persons under 18 (§ 52 stk. 4). */
  readonly uvm: string;
  /** Append-only audit of who submitted, read or changed what. */
  readonly audit: string;
  /** The topic of one fund (a-kasse) by its code. */
  fund(code: string): string;
  /** Grant decisions (bevillinger) from the municipalities' payment systems, keyed by the person key. */
  readonly bevillinger: string;
  /** Payments (udbetalinger) from the municipalities' payment systems, keyed by the person key. */
  readonly udbetalinger: string;
  /** Compacted: discrepancies between registrations and grants or payments, keyed by discrepancy id (docs/reconciliation.md). */
  readonly afvigelser: string;
  /** Compacted changelog of the reconciliation consumer's per-person state, written in its transactions. */
  readonly afstemning: string;
}

export const topicNames = (prefix = 'hub'): TopicNames => ({
  prefix,
  indberetninger: `${prefix}.indberetninger`,
  medlemskab: `${prefix}.medlemskab`,
  personstatus: `${prefix}.personstatus`,
  leveringer: `${prefix}.leveringer`,
  kvitteringer: `${prefix}.kvitteringer`,
  doedeBreve: `${prefix}.doede-breve`,
  ventende: `${prefix}.ventende`,
  alarmer: `${prefix}.alarmer`,
  datavarehus: `${prefix}.datavarehus`,
  danmarksStatistik: (kapitel: number) => `${prefix}.danmarks-statistik.kapitel${String(kapitel).padStart(2, '0')}`,
  uvm: `${prefix}.uvm`,
  audit: `${prefix}.audit`,
  fund: (code: string) => `${prefix}.akasse.${code}`,
  bevillinger: `${prefix}.bevillinger`,
  udbetalinger: `${prefix}.udbetalinger`,
  afvigelser: `${prefix}.afvigelser`,
  afstemning: `${prefix}.afstemning`,
});
