// The outbox row of the benchmark (issue 14, point 6): a case transaction in PostgreSQL → Debezium →
// the hub's bridge → the rules → the receipt back in the case database's hub_kvittering.
//   node --import tsx bench/outbox-bench.ts [--quick]
// Latency is read from the database's own clock: the receipt row's `modtaget` minus the outbox row's
// `created_at` (the case transaction's start). PostgreSQL and Connect are the benchmark's own (a
// temporary stack folder, free ports); Kafka, the registry and Redis are the shared stack's.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { connectionsOf, repoRoot } from '../infra/index.ts';
import { topicNames } from '../src/config/topics.ts';
import { outboxNames, registerInCaseSystem, type Registration } from '../src/outbox/index.ts';
import { kontaktgruppeStart, samplePersons } from '../src/producers/samples.ts';
import { copenhagenDate } from '../src/rules/calendar/index.ts';
import { spawnHub, type HubProcess } from '../test/support/hub-process.ts';
import { startOwnOutbox } from '../test/support/own-outbox.ts';
import { machineInfo } from './machine.ts';

const quick = process.argv.includes('--quick');
const LATENCY_SECONDS = quick ? 10 : 30;
const BACKLOG = quick ? 20_000 : 100_000;
const log = (line: string) => process.stderr.write(`[outbox-bench] ${line}\n`);

let seed = 1;
const registrations = (n: number): Registration[] => {
  const now = Date.now();
  return samplePersons(n, ['aak'], seed++ * 104_729).map((p, i) => ({
    sagId: `b-${seed}-${i}`, cpr: p.cpr, haendelsestype: 'KONTAKTGRUPPE_START', haendelsesdato: copenhagenDate(now),
    submission: kontaktgruppeStart(p, 'row-id', copenhagenDate(now), now),
  }));
};

/**
 * Saves `ratePerSec` rows a second for `seconds`: every 20 ms a transaction with the rows then due,
 * up to four in flight on their own connections (one connection cannot commit 1,000 rows a second
 * one transaction at a time on this machine).
 */
const offer = async (pool: pg.Pool, ratePerSec: number, seconds: number): Promise<string[]> => {
  const ids: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const begun = Date.now();
  const tickMs = Math.max(20, 1000 / ratePerSec);
  let offered = 0;
  for (let tick = 0; Date.now() - begun < seconds * 1000; tick++) {
    const due = Math.round(((Date.now() - begun + tickMs) * ratePerSec) / 1000) - offered;
    if (due > 0) {
      offered += due;
      const saving = (async () => {
        const client = await pool.connect();
        try { ids.push(...await registerInCaseSystem(client, registrations(due))); } finally { client.release(); }
      })();
      inFlight.add(saving);
      void saving.finally(() => inFlight.delete(saving));
      if (inFlight.size >= 4) await Promise.race(inFlight);
    }
    const next = begun + (tick + 1) * tickMs;
    if (next > Date.now()) await sleep(next - Date.now());
  }
  await Promise.all(inFlight);
  return ids;
};

const waitForReceipts = async (client: pg.Client, ids: readonly string[], timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM hub_kvittering WHERE outbox_id = ANY($1::uuid[])', [ids]);
    if (Number(rows[0]!.n) >= ids.length) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${ids.length} receipts within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
};

const latencyOf = async (client: pg.Client, ids: readonly string[], warmup: number) => {
  const { rows } = await client.query<{ p50: number; p99: number; max: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
     FROM (SELECT extract(epoch FROM k.modtaget - o.created_at) * 1000 AS ms FROM hub_outbox o JOIN hub_kvittering k ON k.outbox_id = o.id WHERE o.id = ANY($1::uuid[])) t`,
    [ids.slice(warmup)],
  );
  const r = rows[0]!;
  return { p50Ms: Math.round(r.p50), p99Ms: Math.round(r.p99), maxMs: Math.round(r.max) };
};

const main = async () => {
  const outbox = await startOwnOutbox('outbox-bench');
  const env = { ...outbox.env, HUB_REQUIRE_AGREEMENT: 'false' };
  let hub: HubProcess | undefined;
  const startHub = async () => {
    hub = spawnHub(env);
    await hub.ready;
  };
  const client = new pg.Client({ connectionString: outbox.databaseUrl });
  const pool = new pg.Pool({ connectionString: outbox.databaseUrl, max: 4 });
  try {
    await client.connect();
    await startHub();
    await sleep(3000);
    const latency: Record<string, unknown> = {};
    for (const rate of [100, 1_000]) {
      log(`offering ${rate} rows/s for ${LATENCY_SECONDS} s`);
      const ids = await offer(pool, rate, LATENCY_SECONDS);
      await waitForReceipts(client, ids, 300_000);
      latency[`${rate}`] = { rows: ids.length, offeredPerSec: Math.round(ids.length / LATENCY_SECONDS), ...await latencyOf(client, ids, rate) };
      log(`${rate} rows/s: ${JSON.stringify(latency[`${rate}`])}`);
    }
    // The backlog: the hub stopped while the case system saves BACKLOG rows (Connect carries them on to
    // the outbox topic); then the hub starts and drains them to receipts in the database.
    hub!.child.kill('SIGTERM');
    await hub!.exited;
    log(`saving a backlog of ${BACKLOG} rows with the hub stopped`);
    const names = outboxNames(outbox.env.HUB_TOPIC_PREFIX!);
    const topics = topicNames(outbox.env.HUB_TOPIC_PREFIX!);
    const admin = new Kafka({ clientId: 'outbox-bench', brokers: connectionsOf(outbox.settings).kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const high = async (topic: string) => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
    const committed = async (groupId: string, topic: string) => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    const outboxBefore = await high(names.topic);
    const savingBegun = Date.now();
    const backlog: string[] = [];
    for (let n = 0; n < BACKLOG; n += 1000) backlog.push(...await registerInCaseSystem(client, registrations(Math.min(1000, BACKLOG - n))));
    const savedMs = Date.now() - savingBegun;
    // Stage by stage: Connect has carried the backlog when the outbox topic holds it.
    while (await high(names.topic) < outboxBefore + BACKLOG) await sleep(200);
    const connectMs = Date.now() - savingBegun;
    const begun = Date.now();
    await startHub();
    const readyMs = Date.now() - begun;
    // The bridge is through when its committed offset reaches the outbox topic's end; the rules
    // consumer when its group's offsets reach the inbound topic's end.
    const stages: Record<string, number> = {};
    const outboxEnd = await high(names.topic);
    for (;;) {
      if (!stages.bridgeS && await committed(names.group, names.topic) >= outboxEnd) stages.bridgeS = (Date.now() - begun) / 1000;
      if (stages.bridgeS && !stages.rulesS && await committed(`${outbox.env.HUB_TOPIC_PREFIX}.regler`, topics.indberetninger) >= await high(topics.indberetninger)) stages.rulesS = (Date.now() - begun) / 1000;
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM hub_kvittering WHERE outbox_id = ANY($1::uuid[])', [backlog]);
      if (Number(rows[0]!.n) >= backlog.length) break;
      await sleep(250);
    }
    const drainMs = Date.now() - begun;
    await admin.disconnect();
    const result = {
      at: new Date().toISOString(), machine: machineInfo('4.4.0'), quick, latencySeconds: LATENCY_SECONDS, latency,
      backlog: { rows: BACKLOG, savedS: savedMs / 1000, connectCarriedS: connectMs / 1000, ...stages, hubReadyS: readyMs / 1000, drainS: drainMs / 1000, rowsPerSec: Math.round(BACKLOG / (drainMs / 1000)), rowsPerSecAfterReady: Math.round(BACKLOG / ((drainMs - readyMs) / 1000)) },
    };
    const file = path.join(repoRoot(), 'bench/results/outbox-latest.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    hub?.child.kill('SIGKILL');
    await client.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await outbox.close();
  }
};

await main();
