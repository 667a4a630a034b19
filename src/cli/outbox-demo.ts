import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Services } from '../app/services.ts';
import { receiptsOf, registerInCaseSystem, type Registration } from '../outbox/index.ts';
import { demoSubmissions, type SamplePerson } from '../producers/samples.ts';
import type { CliContext } from './context.ts';
import { HubError } from '../shared/errors.ts';

const registrationsOf = (p: SamplePerson, i: number, now: number): Registration[] =>
  demoSubmissions([p], now).map((submission) => ({
    sagId: `sag-${i + 1}`, cpr: p.cpr, haendelsestype: String(submission.report.haendelsestype), haendelsesdato: String(submission.report.haendelsesdato), submission,
  }));

/**
 * `hub demo --outbox`: registers events in the sample case database as a case worker would: per
 * person, the case events and their outbox rows in one transaction; one more registration whose
 * report lacks a field (refused, with reasons); and one transaction rolled back (nothing reported).
 * Then it shows the receipts as they arrive in `hub_kvittering`.
 */
export const runOutboxDemo = async (ctx: CliContext, services: Services, persons: readonly SamplePerson[], now: number, waitMs = 60_000): Promise<void> => {
  const databaseUrl = services.settings.outboxDatabaseUrl ?? (await outboxUp(ctx, services)).databaseUrl;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids: string[] = [];
    const labels = new Map<string, string>();
    for (const [i, p] of persons.entries()) {
      const regs = registrationsOf(p, i, now);
      const rowIds = await registerInCaseSystem(client, regs);
      rowIds.forEach((id, j) => labels.set(id, `sag-${i + 1} ${regs[j]!.haendelsestype}`));
      ids.push(...rowIds);
    }
    const [broken] = registrationsOf(persons[0]!, persons.length, now);
    const { kommunekode: _dropped, ...withoutKommune } = broken!.submission.report;
    const refusedIds = await registerInCaseSystem(client, [{ ...broken!, sagId: 'sag-uden-kommune', submission: { ...broken!.submission, report: withoutKommune } }]);
    labels.set(refusedIds[0]!, 'sag-uden-kommune (kommunekode missing)');
    ids.push(...refusedIds);
    await registerInCaseSystem(client, registrationsOf(persons[0]!, persons.length + 1, now), { rollBack: true });
    console.log(`registered ${ids.length} outbox rows in ${persons.length + 1} case transactions, and rolled one back (it reports nothing)`);
    console.log(`case database: ${databaseUrl}`);
    const deadline = Date.now() + waitMs;
    let receipts = await receiptsOf(client, ids);
    while (receipts.length < ids.length && Date.now() < deadline) {
      await sleep(500);
      receipts = await receiptsOf(client, ids);
    }
    const byId = new Map(receipts.map((r) => [r.outboxId, r]));
    console.log('\n  outbox row                              case event                               receipt');
    for (const id of ids) {
      const r = byId.get(id);
      const shown = !r ? '(none yet)' : r.aarsager.length > 0 && r.status === 'rejected' ? `rejected: ${r.aarsager.map((a) => a.tekst).join('; ')}` : `${r.status}${r.paragraf ? ` (${r.paragraf})` : ''}`;
      console.log(`  ${id}  ${(labels.get(id) ?? '').padEnd(40)} ${shown}`);
    }
    if (receipts.length < ids.length) {
      console.log(`\n  ${ids.length - receipts.length} receipts have not arrived: is the hub running with HUB_OUTBOX_DATABASE_URL=${databaseUrl}?`);
      process.exitCode = 1;
    }
  } finally {
    await client.end();
  }
};

const outboxUp = async (ctx: CliContext, services: Services) => {
  if (!ctx.stack) throw new HubError('CONFIG_INVALID', 'no local stack here: set HUB_OUTBOX_DATABASE_URL to the case database');
  return ctx.stack.outboxUp(services.settings);
};
