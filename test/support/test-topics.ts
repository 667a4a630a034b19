// The topics and groups the tests make, deleted once they are done with them.
import fs from 'node:fs';
import { createKafka } from '../../src/kafka/client.ts';
import { createLogger } from '../../src/shared/logger.ts';

/**
 * What the tests name their topics and groups by (`uniqueName`: a word, a dash, eight hex digits,
 * then a dot or the end). A whole UUID (the benchmark's `bench-in-<uuid>`) does not match.
 */
export const MADE_BY_A_TEST = /-[0-9a-f]{8}(?:\.|$)/;

const cmdline = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};
const parentOf = (pid: number): number => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
};
const isTestRun = (pid: number): boolean => /\bvitest\b/.test(cmdline(pid));

/**
 * The vitest processes of other test runs on this machine: those outside this run's process tree
 * (from the topmost vitest ancestor of `self` down, `npm test`'s shell included). Another run may be
 * using the same local broker (a clean clone's CI beside a checkout, one file run by hand), and its
 * topics are named like this run's.
 */
export const otherTestRuns = (self = process.pid): number[] => {
  let root = self;
  for (let p = parentOf(self); p > 1 && isTestRun(p); p = parentOf(p)) root = p;
  const inThisRun = (pid: number): boolean => {
    for (let p = pid; p > 1; p = parentOf(p)) if (p === root) return true;
    return false;
  };
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)
    .filter((pid) => pid !== self && isTestRun(pid) && !inThisRun(pid));
};

/**
 * Deletes the topics and groups the tests made on the project's own local broker: left there, they
 * pile up run after run (5,800 topics, 17,000 partitions after a few days here), and a broker that
 * keeps that many partitions is a slower one for every later test and benchmark. Services the
 * environment names (KAFKA_BROKERS) are never touched, and nothing is deleted while another test run
 * is going on (`otherTestRuns`).
 */
export const deleteWhatTheTestsMade = async (brokers: string[], options: { quiet?: boolean } = {}): Promise<void> => {
  // Another run's topics are named like ours, and it is still using them: leave all to the last run.
  const others = otherTestRuns();
  if (others.length > 0) {
    if (!options.quiet) console.log(`[test] left the topics the tests made: another test run is using the broker (pid ${others.join(', ')})`);
    return;
  }
  const admin = createKafka({ brokers, clientId: 'test-teardown', logger: createLogger({ level: 'error', name: 'teardown' }) }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => MADE_BY_A_TEST.test(t));
    for (let i = 0; i < topics.length; i += 200) await admin.deleteTopics({ topics: topics.slice(i, i + 200), timeout: 60_000 }).catch(() => undefined);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => MADE_BY_A_TEST.test(g));
    for (let i = 0; i < groups.length; i += 200) await admin.deleteGroups(groups.slice(i, i + 200)).catch(() => undefined);
    if (topics.length > 0 && !options.quiet) console.log(`[test] deleted ${topics.length} topics and ${groups.length} groups the tests made`);
  } finally {
    await admin.disconnect();
  }
};

