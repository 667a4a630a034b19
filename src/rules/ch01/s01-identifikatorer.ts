import { checkCpr } from '../identifiers/index.ts';
import type { Reason } from '../verdict.ts';

/**
 * The fields that identify a report, a sender or a thing reported on. The hub uses them as Kafka
 * keys (receipts), in Redis keys (delivered markers, offers), in URLs (`/kvittering`) and in the
 * audit, where a CPR number must never stand. Matched by name at any depth of a report.
 */
export const IDENTIFIER_FIELDS: readonly string[] = [
  'indberetningId', 'rettelseAf', 'kildesystem', 'indkaldelseRef', 'tilbudId', 'foranstaltningId', 'holdId', 'jobordreId', 'jobplanId',
];

/** Ten digits, or six, a dash and four, not inside a longer run of digits: the shapes the logs redact. */
const CPR_SHAPED = /(?<!\d)(\d{6})-?(\d{4})(?!\d)/g;
/** Whether a value has a run of digits a CPR-shaped one could be: most identifiers have none, and are let go without the search's iterator. */
const CPR_RUN = /\d{6}-?\d{4}/;

/** What the hub's codec puts where an identifier carried a CPR number (the logs' redaction mark). */
export const CPR_MARK = '[CPR]';

/**
 * Whether `value` carries a CPR number: a CPR-shaped run whose first six digits are a real birth
 * date (as the CPR register reads them), or the mark the codec left in its place. A random UUID
 * contains such a run about once in 2,300; the SDK never generates one (`newIndberetningId`).
 */
export const carriesCpr = (value: string): boolean => {
  if (value.includes(CPR_MARK)) return true;
  if (!CPR_RUN.test(value)) return false;
  for (const match of value.matchAll(CPR_SHAPED)) {
    if (checkCpr(`${match[1]}${match[2]}`).birthDate !== undefined) return true;
  }
  return false;
};

type Visit = (path: string, value: string) => void;
const IDENTIFIERS = new Set(IDENTIFIER_FIELDS);
/** An object whose fields the walks enter: not an array, not bytes (a decimal's or a fixed's Buffer). */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !ArrayBuffer.isView(value);

const walk = (value: unknown, path: string, visit: Visit): void => {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
    return;
  }
  if (!isRecord(value)) return;
  for (const name of Object.keys(value)) {
    const v = value[name];
    if (typeof v === 'string') {
      if (IDENTIFIERS.has(name)) visit(path ? `${path}.${name}` : name, v);
    } else if (typeof v === 'object' && v !== null) walk(v, path ? `${path}.${name}` : name, visit);
  }
};

/** Whether any identifier at any depth carries a CPR number; no paths, no copies (the answer is nearly always no). */
const anyIdentifierCarriesCpr = (value: unknown): boolean => {
  if (Array.isArray(value)) return value.some(anyIdentifierCarriesCpr);
  if (!isRecord(value)) return false;
  for (const name of Object.keys(value)) {
    const v = value[name];
    if (typeof v === 'string' ? IDENTIFIERS.has(name) && carriesCpr(v) : anyIdentifierCarriesCpr(v)) return true;
  }
  return false;
};

/*
 * § 1. For de områder, hvor indberetningen sker via webservice, skal der indgås en
 * tilslutningsaftale mellem Arbejdsmarkedsstyrelsen og den dataansvarlige aftager.
 * [Stk. 2] I tilslutningsaftalen fastlægger Arbejdsmarkedsstyrelsen de nærmere vilkår for
 * webserviceløsningen, herunder aftagerens garanti for it-sikkerhed, grænsefladebeskrivelser,
 * webstandarder, test før ibrugtagning, retningslinjer for anmeldelse til Datatilsynet mv.
 *
 * The interface's terms: identifiers are not personal data. A CPR number belongs in `cpr` only,
 * where the hub keys the person by a keyed hash; in an id it would stand in keys, URLs and the audit.
 */
export const cprInIdentifiers = (report: unknown): Reason[] => {
  // Every report is checked, and nearly none carries one: the walk naming each field is for those.
  if (!anyIdentifierCarriesCpr(report)) return [];
  const reasons: Reason[] = [];
  walk(report, '', (field, value) => {
    if (carriesCpr(value)) {
      reasons.push({
        code: 'cpr-in-identifier',
        field,
        message: `${field} looks like it carries a CPR number (ten digits that begin with a birth date); identifiers are used in keys, addresses and the audit, so choose one without it (a UUID).`,
      });
    }
  });
  return reasons;
};

/**
 * The report with every CPR-carrying run in an identifier replaced by `[CPR]`, so that nothing the
 * hub derives from the identifiers (keys, receipts, alarms) can hold the number; the rules refuse
 * the report for the mark. Other fields, `cpr` included, are left as they are. Pure.
 */
export const maskCprInIdentifiers = <T>(report: T): T => {
  // Every report the hub reads passes here: most carry none, and are returned as they came.
  if (!anyIdentifierCarriesCpr(report)) return report;
  let changed = false;
  const mask = (value: unknown, name?: string): unknown => {
    if (typeof value === 'string') {
      if (name === undefined || !IDENTIFIERS.has(name) || !carriesCpr(value)) return value;
      changed = true;
      return value.replace(CPR_SHAPED, (run, d6: string, d4: string) => (checkCpr(`${d6}${d4}`).birthDate !== undefined ? CPR_MARK : run));
    }
    if (Array.isArray(value)) return value.map((v) => mask(v));
    if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
  };
  const masked = mask(report);
  return changed ? (masked as T) : report;
};
