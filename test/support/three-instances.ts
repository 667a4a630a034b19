// Issue 11, point 8: three `hub start` processes in one group while one of them is SIGKILLed and
// started again at a steady pace. Each person's reports are built so that the receipts show whether
// the state a chapter 2 report set was seen by the person's next chapter 11 report, whichever
// instance owned the partition by then; afterwards every delivered report is sent again and must
// come back a DUBLET, with no second notification.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher, type Submission } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, seededRandom, udeblivelse, type SamplePerson } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { balanceLedger, countTopic, FINAL_OUTCOMES, publishInSlices, shortfalls, type LedgerResult } from './fault-ledger.ts';
import { seconds } from './fault-report.ts';
import { STREAM_FUNDS } from './fault-stream.ts';
import { spawnHub, type HubProcess } from './hub-process.ts';
import { freePort } from './own-stack.ts';
import { eventually, testLogger, uniqueName } from './services.ts';

export interface ThreeInstanceOptions {
  /** Persons; five reports each. */
  readonly persons: number;
  /** One running instance is SIGKILLed and started again about this often (at a random moment of 0.5–1.5 times it). */
  readonly killEveryMs: number;
  /** The kills go on until every report has its final receipt and at least this many happened. */
  readonly minKills: number;
  /**
   * The reports go out in this many slices, each after `pauseMs` and, with `killPerSlice`, after a
   * kill among the previous one's reports (up to 60 s).
   */
  readonly slices: number;
  /**
   * Wait for a kill among each slice's reports before the next (the short run's few slices on a slow
   * runner). The long run's many small slices are each answered within seconds, before the kill
   * timer fires, so there each would wait its full 60 s: it publishes on instead, and the kills fall
   * on whichever slice is in flight.
   */
  readonly killPerSlice: boolean;
  readonly pauseMs: number;
  /** How long the hubs may take to give every report its receipt. */
  readonly timeoutMs: number;
}

/**
 * A person's five reports, in this order (published step by step for all persons, so that a
 * person's steps lie far apart and rebalances fall between them):
 *  0. chapter 11 before any kontaktgruppe → UDEN_FOR_PERSONKREDS
 *  1. chapter 2 kontaktgruppe 1 starts → LEVERET
 *  2. chapter 11 → LEVERET and one notification at the person's fund (only if step 1 was seen)
 *  3. chapter 2 kontaktgruppe 1 ends → LEVERET
 *  4. chapter 11 → UDEN_FOR_PERSONKREDS, no notification (only if step 3 was seen)
 */
export const STEP_OUTCOMES = ['UDEN_FOR_PERSONKREDS', 'LEVERET', 'LEVERET', 'LEVERET', 'UDEN_FOR_PERSONKREDS'] as const;

const stepsOf = (p: SamplePerson, i: number, now: number): Submission[] => {
  const today = copenhagenDate(now);
  const start = kontaktgruppeStart(p, `p${i}-s1-kg`, today, now);
  return [
    udeblivelse(p, `p${i}-s0-ude`, today, now),
    start,
    udeblivelse(p, `p${i}-s2-ude`, today, now),
    { kapitel: 2, report: { ...start.report, indberetningId: `p${i}-s3-kgslut`, haendelsestype: 'KONTAKTGRUPPE_SLUT', kontaktgruppe: { kontaktgruppe: 1, startdato: today, slutdato: today } } },
    udeblivelse(p, `p${i}-s4-ude`, today, now),
  ];
};

export interface ThreeInstanceResult {
  readonly ledger: LedgerResult;
  readonly kills: number;
  /** Seconds from each kill until the killed slot's new process ran again. */
  readonly restartsS: number[];
  /** Restarted processes that died before they were ready, with their last output. */
  readonly failedStarts: string[];
  /** Report ids whose final outcome was not the one its step must have (state not seen, or lost). */
  readonly stateMisses: Array<{ id: string; expected: string; got: string[] }>;
  /** Delivered reports sent again whose later receipts are not all DUBLETs (a second LEVERET: the marker was gone). */
  readonly resendsNotDublet: Array<{ id: string; got: string[] }>;
  readonly resent: number;
  readonly totalS: number;
}

export const runThreeInstances = async (o: ThreeInstanceOptions): Promise<ThreeInstanceResult> => {
  const env = { HUB_TOPIC_PREFIX: uniqueName('three'), HUB_PARTITIONS: '6', HUB_SESSION_TIMEOUT_MS: '6000', HUB_REQUIRE_AGREEMENT: 'false' };
  const stateRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-three-'));
  // Each slot keeps its state directory and port across its restarts, as a process restarted on its own machine would.
  const slots = await Promise.all([0, 1, 2].map(async (n) => ({
    ...env, HUB_STATE_DIR: path.join(stateRoot, `instance-${n}`), HUB_HTTP_PORT: String(await freePort()),
  })));
  // The topics exist before the hubs start, so that three processes do not race to create them.
  const services: Services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
  const hubs: HubProcess[] = slots.map((slotEnv) => spawnHub(slotEnv));
  const begun = Date.now();
  let stopKilling = false;
  let kills = 0;
  const restartsS: number[] = [];
  const failedStarts: string[] = [];
  let killer: Promise<void> = Promise.resolve();
  try {
    const { kafka, codec, topics, settings } = services;
    const persons = samplePersons(o.persons, STREAM_FUNDS, 1111);
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    await members.publish(persons.map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
    await members.close();
    const now = Date.now();
    const byPerson = persons.map((p, i) => stepsOf(p, i, now));
    const submissions = [0, 1, 2, 3, 4].flatMap((step) => byPerson.map((steps) => steps[step]!));
    const reportIds = submissions.map((s) => String(s.report.indberetningId));
    const expected = new Map(byPerson.flatMap((steps) => steps.map((s, step) => [String(s.report.indberetningId), STEP_OUTCOMES[step]!] as const)));
    const fundOf = new Map(persons.map((p, i) => [`p${i}-s2-ude`, p.akasse]));
    await Promise.all(hubs.map((h) => h.ready));

    // Every receipt, kept, from the start: outcomes per report id in the order they were committed.
    const receipts = await countTopic(kafka, codec, topics.kvitteringer, (v) => String(v.indberetningId), { keep: true });
    const outcomesOf = () => {
      const map = new Map<string, string[]>();
      for (const v of receipts.values) {
        const id = String(v.indberetningId);
        map.set(id, [...(map.get(id) ?? []), String(v.udfald)]);
      }
      return map;
    };

    const finalOf = (id: string, map: Map<string, string[]>) => map.get(id)?.find((u) => FINAL_OUTCOMES.has(u));
    const allFinal = () => { const m = outcomesOf(); return reportIds.every((id) => finalOf(id, m)); };

    // The kills go on until every report has its final receipt. Each comes at a random moment of its
    // interval, while receipts arrive (a transaction has just committed; the lost markers come
    // from a process killed before it wrote them), and takes an instance that runs (one still starting
    // has nothing to lose), round robin.
    const ready = [true, true, true];
    const random = seededRandom(Number(process.env.FAULTS_SEED ?? 11));
    // Mid-stream: receipts are arriving, or reports already on the inbound topic still wait for theirs.
    let published = 0;
    const answered = () => new Set(receipts.values.map((v) => String(v.indberetningId))).size;
    const flowing = async () => {
      const before = receipts.total();
      await new Promise((r) => setTimeout(r, 20));
      return receipts.total() > before || answered() < published;
    };
    killer = (async () => {
      let slot = 0;
      while (!stopKilling) {
        await new Promise((r) => setTimeout(r, o.killEveryMs * (0.5 + random())));
        while (!stopKilling && !(ready.some(Boolean) && (await flowing()))) await new Promise((r) => setTimeout(r, 10));
        if (stopKilling) break;
        while (!ready[slot]) slot = (slot + 1) % 3;
        const victim = slot;
        slot = (slot + 1) % 3;
        ready[victim] = false;
        hubs[victim]!.child.kill('SIGKILL');
        await hubs[victim]!.exited;
        kills++;
        const killedAt = Date.now();
        const hub = spawnHub(slots[victim]!);
        hubs[victim] = hub;
        void hub.ready.then(
          () => { ready[victim] = hubs[victim] === hub; restartsS.push(seconds(Date.now() - killedAt)); },
          (error: Error) => { failedStarts.push(error.message.slice(0, 2000)); },
        );
      }
    })();

    const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys, batchSize: 500 });
    // Each slice waits for a kill among its own reports before the next goes out, so that the kills
    // fall mid-stream however long a restart takes on the machine (up to 18 s on a busy CI runner).
    const size = Math.ceil(submissions.length / o.slices);
    await publishInSlices(publisher, submissions, o.slices, async (s) => {
      published = Math.min(submissions.length, (s + 1) * size);
      const killsBefore = kills;
      if (o.killPerSlice && s < o.slices - 1) await eventually(() => kills > killsBefore, 60_000, 100);
      await new Promise((r) => setTimeout(r, o.pauseMs));
    });
    await eventually(() => kills >= o.minKills && allFinal(), o.timeoutMs, 1000);
    stopKilling = true;
    await killer;
    // Every original report has its final receipt before any is sent again.
    await eventually(allFinal, o.timeoutMs, 1000);
    const firstPass = outcomesOf();
    const delivered = reportIds.filter((id) => finalOf(id, firstPass) === 'LEVERET');
    const deliveredSet = new Set(delivered);
    const resend = submissions.filter((s) => deliveredSet.has(String(s.report.indberetningId)));
    await publishInSlices(publisher, resend, Math.max(1, Math.ceil(resend.length / 5000)));
    await publisher.close();
    await eventually(() => { const m = outcomesOf(); return delivered.every((id) => (m.get(id)?.length ?? 0) >= 2); }, o.timeoutMs, 1000);

    const ledger = await balanceLedger({ kafka, codec, topics, reportIds, fundOf, funds: STREAM_FUNDS, timeoutMs: o.timeoutMs });
    await receipts.settle(() => true, 60_000);
    const outcomes = outcomesOf();
    const stateMisses = reportIds.flatMap((id) => {
      const got = outcomes.get(id) ?? [];
      return finalOf(id, outcomes) === expected.get(id) ? [] : [{ id, expected: expected.get(id)!, got }];
    });
    // More than one DUBLET is fine: a slice the publisher sent again after a failed send is a further copy.
    const resendsNotDublet = delivered.flatMap((id) => {
      const got = outcomes.get(id) ?? [];
      return got.length >= 2 && got.slice(1).every((u) => u === 'DUBLET') ? [] : [{ id, got }];
    });
    // The starts as of now: a restarted process the teardown below kills while it still starts is cut
    // by the test's own end, not a start that failed.
    return { ledger, kills, restartsS, failedStarts: [...failedStarts], stateMisses, resendsNotDublet, resent: resend.length, totalS: seconds(Date.now() - begun) };
  } finally {
    stopKilling = true;
    await killer.catch(() => undefined);
    for (const h of hubs) h.child.kill('SIGKILL');
    await Promise.all(hubs.map((h) => h.exited));
    await services.close();
    fs.rmSync(stateRoot, { recursive: true, force: true });
  }
};

/** A list as a failure shows it: how many, and the first few. */
const brief = <T>(list: readonly T[]) => ({ count: list.length, first: list.slice(0, 10) });

/** What a correct run leaves empty, for one `toEqual` that shows every shortfall at once. */
export const threeInstanceShortfalls = (r: ThreeInstanceResult) => ({
  ...Object.fromEntries(Object.entries(shortfalls(r.ledger)).map(([k, v]) => [k, brief(v)])),
  failedStarts: brief(r.failedStarts),
  stateMisses: brief(r.stateMisses),
  resendsNotDublet: brief(r.resendsNotDublet),
});

export const NO_THREE_INSTANCE_SHORTFALLS = threeInstanceShortfalls({
  ledger: { neverReachedInbound: [], lostReceipts: [], doubledFinalReceipts: [], unexplainedReceipts: [], lostNotifications: [], doubledNotifications: [], misroutedNotifications: [] } as unknown as LedgerResult,
  kills: 0, restartsS: [], failedStarts: [], stateMisses: [], resendsNotDublet: [], resent: 0, totalS: 0,
});
