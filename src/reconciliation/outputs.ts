import type { TopicNames } from '../config/topics.ts';
import { HEADERS } from '../config/headers.ts';
import { receiptOf } from '../consumers/messages.ts';
import { planned, type PlannedRecord } from '../consumers/outputs.ts';
import type { LocalDate, Reason } from '../rules/verdict.ts';
import type { Afvigelsesaendring, Personregnskab } from '../rules/afstemning/index.ts';
import type { StateChange } from '../state/changes.ts';

/** Version of the ledger's JSON layout on the changelog (`schemas/afstemningstilstand.avsc`). */
export const REGNSKAB_FORMAT = 1;

const iso = (ms: number): string => new Date(ms).toISOString();

/** One discrepancy record (`schemas/afvigelse.avsc`), keyed by its id: the compacted topic keeps its latest state. */
export const afvigelseRecord = (topics: TopicNames, a: Afvigelsesaendring): PlannedRecord => {
  const { aabnet, ...afvigelse } = a.afvigelse;
  return {
    topic: topics.afvigelser, key: afvigelse.afvigelseId,
    value: { ...afvigelse, status: a.status, aabnetTidspunkt: iso(aabnet), lukketTidspunkt: a.status === 'LUKKET' ? iso(a.lukket) : null },
  };
};

/**
 * What re-checking persons in one batch writes, decided without I/O: every discrepancy that opened,
 * changed or closed, and each person's ledger once (its latest) on the changelog, pinned to the
 * input's partition, with the state change the store applies once the transaction has committed.
 */
export const reconciliationOutputsOf = (i: {
  topics: TopicNames; partition: number; processedAt: number;
  aendringer: readonly Afvigelsesaendring[];
  regnskaber: ReadonlyMap<string, Personregnskab>;
}): { records: PlannedRecord[]; changes: StateChange[] } => {
  const records = i.aendringer.map((a) => afvigelseRecord(i.topics, a));
  const changes: StateChange[] = [];
  for (const [personKey, regnskab] of i.regnskaber) {
    changes.push({ kind: 'afstemning', personKey, regnskab });
    records.push({ topic: i.topics.afstemning, key: personKey, partition: i.partition, value: { format: REGNSKAB_FORMAT, tilstand: JSON.stringify(regnskab), opdateret: iso(i.processedAt) } });
  }
  return { records, changes };
};

/** The waiting record's id of a person's re-check on a day: one job per person and day (`jobIdOf` in the scheduler). */
export const kontrolIdOf = (personKey: string, dag: LocalDate): string => `afstemning.${personKey}.${dag}`;

/**
 * A re-check of the person when a tolerance runs out (`naesteKontrol`), on the waiting topic: the
 * scheduler makes it a delayed job due at `at` (00:00 Copenhagen time on `dag`), and the release
 * worker sends it back to this consumer on the person's partition (`kontrolMessageOf`).
 */
export const kontrolRecord = (topics: TopicNames, i: { personKey: string; dag: LocalDate; at: number; processedAt: number }): PlannedRecord => planned(topics.ventende, {
  indberetningId: kontrolIdOf(i.personKey, i.dag), grund: 'KONTROL_AFSTEMNING', fristdato: i.dag, frigivesTidspunkt: i.at,
  foersteModtagelse: i.processedAt, forsoeg: 0, noegle: i.personKey, original: Buffer.alloc(0),
}, { key: i.personKey });

/**
 * What the release worker sends back for a due re-check: an empty record on the payments topic,
 * keyed by the person key (so on the person's partition of this consumer's co-partitioned inputs),
 * marked as a check with the moment to re-check at. No payment system writes these headers.
 */
export const kontrolMessageOf = (topics: TopicNames, job: { noegle: string; frigivesTidspunkt: number; fristdato: string | null }) => ({
  topic: topics.udbetalinger, key: job.noegle, value: Buffer.alloc(0),
  headers: { [HEADERS.kontrol]: 'KONTROL_AFSTEMNING', [HEADERS.vurderingstid]: String(job.frigivesTidspunkt), ...(job.fristdato ? { [HEADERS.fristdato]: job.fristdato } : {}) },
});

/** Receipts name the grants-and-payments data area with this kapitel (the order's chapters are 1-12). */
export const YDELSER_KAPITEL = 0;

/**
 * The receipt of a grant or payment (`schemas/kvittering.avsc`), keyed by its id like a report's:
 * LEVERET when reconciliation took it, AFVIST with the reasons when it fails the checks a report
 * would (a payment system that went around the SDK). Never the CPR number.
 */
export const ydelseReceipt = (topics: TopicNames, i: { art: 'bevilling' | 'udbetaling'; record: Record<string, unknown>; reasons: readonly Reason[]; receivedAt: number; processedAt: number }): PlannedRecord => {
  const id = String(i.art === 'bevilling' ? i.record.bevillingId : i.record.udbetalingId);
  const kildesystem = String(i.record.kildesystem);
  return {
    topic: topics.kvitteringer, key: id, headers: { [HEADERS.kildesystem]: kildesystem },
    value: receiptOf({
      // The receipt carries the envelope's ids, never its CPR number: none is passed.
      report: { indberetningId: id, kildesystem, kommunekode: String(i.record.kommunekode), cpr: '', haendelsesdato: String(i.record.fradato), haendelsestype: i.art === 'bevilling' ? 'BEVILLING' : 'UDBETALING' },
      kapitel: YDELSER_KAPITEL, udfald: i.reasons.length > 0 ? 'AFVIST' : 'LEVERET', extraReasons: i.reasons,
      recipients: i.reasons.length > 0 ? [] : [topics.afvigelser], receivedAt: i.receivedAt, processedAt: i.processedAt,
    }),
  };
};
