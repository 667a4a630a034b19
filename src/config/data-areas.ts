import type { Kapitel } from '../rules/rule-set.ts';

/** A data area (one chapter of the order) and the Avro schema file of its reports. */
export interface DataArea {
  readonly kapitel: Kapitel;
  /** File name in `schemas/` without `.avsc`. */
  readonly schema: string;
  /** Short Danish title. */
  readonly titel: string;
  /** §§ 35 stk. 2 and 41 stk. 2: chapters 6 and 7 may be reported through web services only. */
  readonly webserviceOnly: boolean;
}

/**
 * Every data area the hub accepts, in the order of their branches in the inbound union.
 * Append only: a branch's position is part of the registered schema.
 */
export const DATA_AREAS: readonly DataArea[] = [
  { kapitel: 2, schema: 'kapitel02-indberetning', titel: 'Målgrupper og til- og afmelding som arbejdssøgende', webserviceOnly: false },
  { kapitel: 3, schema: 'kapitel03-indberetning', titel: 'Matchvurdering og jobsamtaler', webserviceOnly: false },
  { kapitel: 4, schema: 'kapitel04-indberetning', titel: 'Fravær og fritagelser', webserviceOnly: false },
  { kapitel: 5, schema: 'kapitel05-indberetning', titel: 'Indkaldelser til samtaler', webserviceOnly: false },
  { kapitel: 6, schema: 'kapitel06-indberetning', titel: 'Opfølgningssamtaler med sygemeldte', webserviceOnly: true },
  { kapitel: 7, schema: 'kapitel07-indberetning', titel: 'Samtaler om cv', webserviceOnly: true },
  { kapitel: 8, schema: 'kapitel08-indberetning', titel: 'Beskæftigelsesforanstaltninger for forsikrede', webserviceOnly: false },
  { kapitel: 9, schema: 'kapitel09-indberetning', titel: 'Beskæftigelsesforanstaltninger for ikke-forsikrede', webserviceOnly: false },
  { kapitel: 10, schema: 'kapitel10-indberetning', titel: 'Hjælpemidler', webserviceOnly: false },
  { kapitel: 11, schema: 'kapitel11-indberetning', titel: 'Digital kommunikation til arbejdsløshedskasser', webserviceOnly: false },
];

export const dataArea = (kapitel: number): DataArea | undefined => DATA_AREAS.find((a) => a.kapitel === kapitel);
