/** Kafka headers as a consumed record carries them (a value, or several for a repeated name). */
export type RecordHeaders = Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined>;

/**
 * Every Kafka header the hub writes or reads, in one place (producers and case systems set the
 * first three; the hub sets the rest). docs/producer-guide.md lists the ones a producer sets.
 */
export const HEADERS = {
  kildesystem: 'hub-kildesystem',
  indberetningId: 'hub-indberetning-id',
  kapitel: 'hub-kapitel',
  /** When the hub first received the report (epoch ms); set when it is sent back through the rules. */
  foersteModtagelse: 'hub-foerste-modtagelse',
  /** The moment the rules should judge it at (epoch ms), when not the message's own time. */
  vurderingstid: 'hub-vurderingstid',
  /** How many times it has waited for the person's fund. */
  forsoeg: 'hub-forsoeg',
  /**
   * On a message sent back by the release worker for a check rather than a judgement:
   * `KONTROL_AFSLUTNING` checks that an offer's end was reported by `hub-fristdato`;
   * `KONTROL_AFSTEMNING` (on the payments topic) re-checks a person's reconciliation at `hub-vurderingstid`.
   */
  kontrol: 'hub-kontrol',
  fristdato: 'hub-fristdato',
  /** On fund notifications: the hub's detached JWS over the record value (notification-signing.ts). */
  signatur: 'hub-signatur',
  /** On a replayed dead letter: `<dead-letter topic>:<id>` it was replayed from. */
  genafspilletFra: 'hub-genafspillet-fra',
  /** On a report the release worker sends back: a fresh id, so that each release is a record of its own. */
  frigivelse: 'hub-frigivelse',
} as const;

export const headerText = (headers: RecordHeaders | undefined, name: string): string | undefined => {
  const raw = headers?.[name];
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw[0] : raw)?.toString();
};

export const headerNumber = (headers: RecordHeaders | undefined, name: string): number | undefined => {
  const text = headerText(headers, name);
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
};
