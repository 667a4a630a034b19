// Issue 14, point 5: the outbox under faults. Rows are saved as a case worker saves them (the case
// change and its outbox row in one transaction) while Kafka Connect is SIGKILLed and restarted,
// PostgreSQL is restarted, or the hub is SIGKILLed and restarted. Each time: every committed row
// reaches the inbound topic once, gets one receipt on the receipts topic and one row in
// hub_kvittering; rows of rolled-back transactions appear nowhere.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { registerInCaseSystem, rowIdOfReport, type Registration } from '../../src/outbox/index.ts';
import { kontaktgruppeStart, samplePersons } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { countTopic } from '../support/fault-ledger.ts';
import { recordFigures, seconds, sized } from '../support/fault-report.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { startOwnOutbox, type OwnOutbox } from '../support/own-outbox.ts';
import { eventually, testLogger } from '../support/services.ts';

const ROWS = sized(300, 20_000);
/** Rows per case transaction, and the writer's pace. */
const PER_TX = 10;
const ROWS_PER_S = sized(150, 1_000);

let outbox: OwnOutbox;
let services: Services;
let hub: HubProcess | undefined;
let env: Record<string, string>;

const startHubProcess = async (): Promise<void> => {
  hub = spawnHub(env);
  await hub.ready;
  await eventually(() => hub!.output().includes('outbox receipt sink running'), 30_000);
};

beforeAll(async () => {
  outbox = await startOwnOutbox('outbox-faults');
  env = { ...outbox.env, HUB_PARTITIONS: '3', HUB_SESSION_TIMEOUT_MS: '6000', HUB_REQUIRE_AGREEMENT: 'false' };
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
  await startHubProcess();
}, 300_000);

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
  await outbox?.close();
});

let seed = 1;
const registrationsFor = (n: number, now: number): Registration[] =>
  samplePersons(n, ['aak'], seed++ * 7919).map((p, i) => {
    const submission = kontaktgruppeStart(p, 'replaced-by-row-id', copenhagenDate(now), now);
    return { sagId: `sag-${seed}-${i}`, cpr: p.cpr, haendelsestype: 'KONTAKTGRUPPE_START', haendelsesdato: copenhagenDate(now), submission };
  });

/**
 * Saves `rows` rows at a steady pace, a transaction of PER_TX at a time, every fifth transaction
 * rolled back instead. A transaction whose commit fails (PostgreSQL going away) is retried on a new
 * connection; one whose COMMIT was sent but not answered is looked up first, so nothing is saved twice.
 */
const writeRows = async (rows: number, atFraction: number, fault: () => Promise<void>) => {
  const committed: string[] = [];
  const rolledBack: string[] = [];
  let client: pg.Client | undefined;
  let faulted: Promise<void> | undefined;
  const begun = Date.now();
  for (let tx = 0; committed.length < rows; tx++) {
    if (!faulted && committed.length >= rows * atFraction) faulted = fault();
    const regs = registrationsFor(Math.min(PER_TX, rows - committed.length), Date.now());
    const rollBack = tx % 5 === 4;
    for (;;) {
      try {
        if (!client) { client = new pg.Client({ connectionString: outbox.databaseUrl }); client.on('error', () => undefined); await client.connect(); }
        const ids = await registerInCaseSystem(client, regs, { rollBack });
        (rollBack ? rolledBack : committed).push(...ids);
        break;
      } catch {
        await client?.end().catch(() => undefined);
        client = undefined;
        await sleep(200);
        // The COMMIT may have taken effect before the connection broke.
        const check = new pg.Client({ connectionString: outbox.databaseUrl });
        check.on('error', () => undefined);
        const saved = await check.connect()
          .then(() => check.query<{ id: string }>('SELECT id FROM hub_outbox WHERE aggregateid = ANY($1::text[])', [regs.map((r) => r.sagId)]))
          .catch(() => undefined);
        await check.end().catch(() => undefined);
        if (saved && saved.rows.length > 0) {
          // Committed after all: the saved rows are the transaction's.
          (rollBack ? rolledBack : committed).push(...saved.rows.map((r) => r.id));
          break;
        }
      }
    }
    const due = begun + (committed.length * 1000) / ROWS_PER_S;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  await client?.end().catch(() => undefined);
  await faulted;
  return { committed, rolledBack, writeMs: Date.now() - begun };
};

/** What reached the inbound topic, the receipts topic and hub_kvittering, per row id. */
const ledger = async (committed: readonly string[], rolledBack: readonly string[], timeoutMs: number) => {
  // Counted by row id: a report id is the row id, or the row id without digits (reportIdOfRow).
  const inbound = await countTopic(services.kafka, services.codec, services.topics.indberetninger, (_v, m) => rowIdOfReport(m.headers[HEADERS.indberetningId]), { decode: false });
  const receipts = await countTopic(services.kafka, services.codec, services.topics.kvitteringer, (_v, m) => rowIdOfReport(m.key), { decode: false });
  const db = new pg.Client({ connectionString: outbox.databaseUrl });
  await db.connect();
  const inDb = async () => {
    const { rows } = await db.query<{ outbox_id: string; status: string }>('SELECT outbox_id, status FROM hub_kvittering WHERE outbox_id = ANY($1::uuid[])', [[...committed, ...rolledBack]]);
    return rows;
  };
  let dbRows = await inDb();
  await eventually(async () => { dbRows = await inDb(); return dbRows.length >= committed.length; }, timeoutMs, 500);
  const wanted = new Set(committed);
  await inbound.settle(() => committed.every((id) => inbound.counts.has(id)), 60_000);
  await receipts.settle(() => committed.every((id) => receipts.counts.has(id)), 60_000);
  await Promise.all([inbound.close(), receipts.close()]);
  await db.end();
  const dbIds = new Set(dbRows.map((r) => r.outbox_id));
  const lost = committed.filter((id) => !dbIds.has(id) || !inbound.counts.has(id));
  // Where each lost row did get to, so that a failure says which leg dropped it.
  const statusOf = new Map(dbRows.map((r) => [r.outbox_id, r.status]));
  // A second, fresh reader of the inbound topic tells a row that never got there from one the first
  // reader missed.
  const reread = lost.length === 0 ? undefined : await countTopic(services.kafka, services.codec, services.topics.indberetninger, (_v, m) => rowIdOfReport(m.headers[HEADERS.indberetningId]), { decode: false });
  await reread?.settle(() => lost.every((id) => reread.counts.has(id)), 20_000);
  const whereLost = lost.slice(0, 5).map((id) => ({
    id, receiptInDb: statusOf.get(id) ?? null, inbound: inbound.counts.get(id) ?? 0, inboundReread: reread?.counts.get(id) ?? 0, receipts: receipts.counts.get(id) ?? 0,
  }));
  return {
    whereLost,
    lost,
    doubledInbound: committed.filter((id) => (inbound.counts.get(id) ?? 0) > 1),
    doubledReceipts: committed.filter((id) => (receipts.counts.get(id) ?? 0) > 1),
    notDelivered: dbRows.filter((r) => wanted.has(r.outbox_id) && r.status !== 'delivered').map((r) => `${r.outbox_id}: ${r.status}`),
    rolledBackSeen: rolledBack.filter((id) => dbIds.has(id) || inbound.counts.has(id) || receipts.counts.has(id)),
  };
};

/** Rows Connect delivered again and the bridge skipped, as the hub process's log counts them. */
const redeliveredIn = (h: HubProcess): number => [...h.output().matchAll(/"redelivered":(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);

const scenario = async (name: string, fault: () => Promise<number>) => {
  const hubBefore = hub!;
  const redeliveredBefore = redeliveredIn(hubBefore);
  let downMs = 0;
  const { committed, rolledBack, writeMs } = await writeRows(ROWS, 0.3, async () => { downMs = await fault(); });
  const begun = Date.now();
  const result = await ledger(committed, rolledBack, sized(120_000, 900_000));
  // A restarted hub's log counts from its start (the killed one's skips after the fault are not seen).
  const redelivered = hub === hubBefore ? redeliveredIn(hub!) - redeliveredBefore : redeliveredIn(hub!);
  recordFigures('outbox-faults', {
    redeliveredSkipped: redelivered,
    fault: name, rows: committed.length, rolledBackRows: rolledBack.length, writeS: seconds(writeMs), faultS: seconds(downMs),
    drainAfterWritesS: seconds(Date.now() - begun), lost: result.lost.length, doubledInbound: result.doubledInbound.length,
    doubledReceipts: result.doubledReceipts.length, rolledBackSeen: result.rolledBackSeen.length,
    ...(result.whereLost.length > 0 ? { whereLost: result.whereLost } : {}),
  });
  const { whereLost: _where, ...outcome } = result;
  expect({ ...outcome, lost: outcome.lost.slice(0, 5), notDelivered: outcome.notDelivered.slice(0, 5) })
    .toEqual({ lost: [], doubledInbound: [], doubledReceipts: [], notDelivered: [], rolledBackSeen: [] });
};

describe(`outbox under faults (${ROWS} rows each)`, () => {
  it('Kafka Connect SIGKILLed and restarted mid-stream: 0 lost, 0 doubled, one receipt per row', () =>
    scenario('connect-sigkill', () => outbox.restart('connect', { kill: true })));

  it('PostgreSQL restarted mid-stream: 0 lost, 0 doubled, one receipt per row', () =>
    scenario('postgres-restart', () => outbox.restart('postgres')));

  it('the hub SIGKILLed and restarted mid-stream: 0 lost, 0 doubled, one receipt per row', () =>
    scenario('hub-sigkill', async () => {
      const begun = Date.now();
      hub!.child.kill('SIGKILL');
      await hub!.exited;
      await startHubProcess();
      return Date.now() - begun;
    }));
});
