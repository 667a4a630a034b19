// A stream of reports for fault tests: each person enters kontaktgruppe 1 and then misses an
// interview today, so every chapter 11 report must reach exactly the person's own fund.
import type { Services } from '../../src/app/services.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import type { Submission } from '../../src/producers/report-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';

export const STREAM_FUNDS = ['aak', '3f', 'hk'] as const;

export interface ReportStream {
  readonly submissions: Submission[];
  readonly reportIds: string[];
  /** Chapter 11 report id → the fund it must reach. */
  readonly fundOf: Map<string, string>;
  /** The persons' CPR numbers: other samples in the same test must not draw them again. */
  readonly cprs: ReadonlySet<string>;
}

/** Publishes the persons' memberships and returns their two reports each (`tag` keeps ids unique). */
export const prepareStream = async (services: Services, persons: number, tag: string, seed = 2024): Promise<ReportStream> => {
  const { kafka, codec, topics, settings } = services;
  const people = samplePersons(persons, STREAM_FUNDS, seed);
  const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
  await members.publish(people.map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
  await members.close();
  const now = Date.now();
  const today = copenhagenDate(now);
  const submissions: Submission[] = [];
  const fundOf = new Map<string, string>();
  people.forEach((p, i) => {
    submissions.push(kontaktgruppeStart(p, `${tag}-kg-${i}`, today, now), udeblivelse(p, `${tag}-ude-${i}`, today, now));
    fundOf.set(`${tag}-ude-${i}`, p.akasse);
  });
  return { submissions, reportIds: submissions.map((s) => String(s.report.indberetningId)), fundOf, cprs: new Set(people.map((p) => p.cpr)) };
};
