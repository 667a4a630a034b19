import { randomBytes } from 'node:crypto';
import { topicNames } from '../config/topics.ts';
import { outputsOf } from '../consumers/outputs.ts';
import { planOutcome, type RoutingPolicy, type Udfald } from '../consumers/plan.ts';
import { isLeaver, type MembershipChange } from '../producers/membership-publisher.ts';
import type { PersonState } from '../rules/rule-set.ts';
import type { Verdict } from '../rules/verdict.ts';
import { lookupIdOf } from '../person-keys/index.ts';
import { memoryState, offerIdOf, reportIdOf } from '../state/changes.ts';
import { decide, kontaktgruppeChange } from './rules.ts';

/** One report as `hub check` judges it. */
export interface CheckInput {
  readonly kapitel: number;
  readonly report: Record<string, unknown>;
  /** The moment it counts as received (epoch ms), as the inbound message's timestamp in the hub. */
  readonly now: number;
  /** State the line itself declares for its person; it holds from this line on, as if reported before. */
  readonly person?: PersonState;
}

export interface CheckOutcome {
  readonly verdict: Verdict;
  /** What the receipt would say: delivered, waiting for the fund, a duplicate … */
  readonly udfald: Udfald;
  /** The person's state the verdict was given with. */
  readonly person: PersonState;
}

export interface CheckPipeline {
  /** A membership fact (a membership list's line), applied as the hub applies the membership topic. */
  member(change: MembershipChange): void;
  /** Judges one report with its person's state so far, then carries the state change forward. */
  judge(input: CheckInput): CheckOutcome;
}

/**
 * The rules consumer's decision path without Kafka, for `hub check`: the same `decide`,
 * `planOutcome` and `kontaktgruppeChange`, and the same person-state semantics, applied line after
 * line, so a chapter 2 line followed by a chapter 11 line about the same person gets the verdict
 * the running hub gives. Connection agreements (§ 1) are not checked offline.
 */
export const createCheckPipeline = (o: {
  knownFunds: ReadonlySet<string>; routing: RoutingPolicy;
  /** Kontaktgruppe assumed for a person no line has given one. */
  defaultKontaktgruppe?: number;
}): CheckPipeline => {
  const state = memoryState();
  // Persons are told apart by a keyed hash that lives only as long as this run: no key leaves it.
  const secret = randomBytes(16).toString('hex');
  const keyOf = (cpr: unknown) => lookupIdOf(secret, String(cpr));
  const topics = topicNames('check');
  // The order of state changes, where the hub uses its processing time.
  let tick = 0;

  const declare = (key: string, person: PersonState) => {
    const known = state.person(key);
    if ('kontaktgruppe' in person) state.apply([{ kind: 'kontaktgruppe', personKey: key, kontaktgruppe: person.kontaktgruppe ?? null, at: ++tick }]);
    if ('akasse' in person || 'fleksjob' in person) {
      state.apply([{ kind: 'membership', personKey: key, akasse: ('akasse' in person ? person.akasse : known.akasse) ?? null, fleksjob: ('fleksjob' in person ? person.fleksjob : known.fleksjob) ?? false }]);
    }
  };

  return {
    member(change) {
      state.apply([isLeaver(change)
        ? { kind: 'membership', personKey: keyOf(change.cpr), akasse: null, fleksjob: false }
        : { kind: 'membership', personKey: keyOf(change.cpr), akasse: change.akasse, fleksjob: change.fleksjob ?? false }]);
    },
    judge({ kapitel, report, now, person: declared }) {
      const key = keyOf(report.cpr);
      if (declared) declare(key, declared);
      const known = state.person(key);
      const person: PersonState = known.kontaktgruppe === undefined && o.defaultKontaktgruppe !== undefined ? { ...known, kontaktgruppe: o.defaultKontaktgruppe } : known;
      const verdict = decide(kapitel, report, { now, person });
      const tilbud = report.tilbud as { tilbudId?: string | null; slutdato?: string } | null | undefined;
      const plan = planOutcome({
        kapitel, haendelsestype: String(report.haendelsestype ?? ''), verdict, person,
        alreadyDelivered: state.delivered(reportIdOf(String(report.kildesystem), String(report.indberetningId))), firstReceivedAt: now, now, forsoeg: 0, knownFunds: o.knownFunds, routing: o.routing,
        ...(tilbud?.slutdato && tilbud.tilbudId ? { tilbudSlutdato: tilbud.slutdato } : {}),
      });
      // The state changes the running hub would commit for this report, by the same function.
      const kontaktgruppe = plan.udfald === 'LEVERET' ? kontaktgruppeChange(kapitel, report, verdict) : undefined;
      const offer = tilbud?.tilbudId ? state.offer(offerIdOf(String(report.kildesystem), tilbud.tilbudId)) : undefined;
      const { changes } = outputsOf({
        topics, source: { topic: topics.indberetninger, partition: 0, offset: '0', key, value: Buffer.alloc(0) }, kapitel, report, personKey: key, verdict, plan,
        firstReceivedAt: now, processedAt: ++tick, shares: [], wrapReport: (_k, r) => r, ...(offer ? { offer } : {}), ...(kontaktgruppe ? { kontaktgruppe } : {}),
      });
      state.apply(changes);
      return { verdict, udfald: plan.udfald, person };
    },
  };
};
