import os from 'node:os';
import type { Command } from 'commander';
import { createAgreementStore, createAuditLog, createNoticeStore, createPageUserStore, noticeFrom, type Aftale } from '../access/index.ts';
import { HubError } from '../shared/errors.ts';
import type { Services } from '../app/services.ts';
import type { CliContext } from './context.ts';

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);
const chapters = (value: string): number[] => list(value).map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n)) throw new HubError('CONFIG_INVALID', `--kapitler: ${s} is not a chapter number`);
  return n;
});

/** Who acts: `--by`, else the operating-system user (recorded in the audit trail). */
const actor = (by: string | undefined): string => by ?? `cli:${os.userInfo().username}`;

/** Changes are written to the audit log; `read` (the list commands) starts, creates and registers nothing. */
const withStores = async <T>(ctx: CliContext, work: (s: ReturnType<typeof stores>, services: Services) => Promise<T>, access: 'read' | 'write' = 'write'): Promise<T> => {
  const services = await ctx.connect({ clientId: 'hub-access', readOnly: access === 'read' });
  const audit = access === 'write' ? await createAuditLog({ kafka: services.kafka, registry: services.registry, topic: services.topics.audit, logger: services.logger }) : undefined;
  try {
    return await work(stores(services, audit), services);
  } finally {
    await audit?.close();
    await services.close();
  }
};
const stores = (services: Services, audit: Awaited<ReturnType<typeof createAuditLog>> | undefined) => ({
  agreements: createAgreementStore({ redis: services.redis, prefix: services.settings.topicPrefix, ...(audit ? { audit } : {}) }),
  notices: createNoticeStore({ redis: services.redis, prefix: services.settings.topicPrefix, ...(audit ? { audit } : {}) }),
});

const line = (a: Aftale) => `${a.id.padEnd(24)} ${a.status.padEnd(11)} ${a.miljoe.padEnd(10)} kapitler ${a.kapitler.join(',').padEnd(22)} kommuner ${a.kommunekoder.join(',')}${a.suspensionAarsag ? `   (${a.suspensionAarsag})` : ''}`;

/** `hub clients …` (connection agreements, §§ 1 and 3) and `hub notices …` (system changes, § 4). */
export const registerAccessCommands = (program: Command, ctx: CliContext): void => {
  const clients = program.command('clients').description('connection agreements (tilslutningsaftaler, § 1): add, list, suspend (§ 3), reinstate');
  clients.command('add')
    .description('add a connected system and print its API key (shown once; only a salted hash is stored)')
    .requiredOption('--id <id>', 'the system id, used as kildesystem in its reports')
    .requiredOption('--name <name>', 'name of the system and its owner')
    .requiredOption('--kommuner <codes>', 'kommunekoder it may report for, comma-separated, or * for all')
    .option('--kapitler <chapters>', 'data areas (chapters) it may report for, comma-separated', '2,3,4,5,6,7,8,9,10,11')
    .option('--env <env>', 'test or produktion', 'test')
    .option('--by <who>', 'who makes the change (audit)')
    .action(async (o: { id: string; name: string; kommuner: string; kapitler: string; env: string; by?: string }) => {
      await withStores(ctx, async ({ agreements }) => {
        const { aftale, apiKey } = await agreements.add({ id: o.id, navn: o.name, kommunekoder: list(o.kommuner), kapitler: chapters(o.kapitler), miljoe: o.env as 'test' }, actor(o.by));
        console.log(line(aftale));
        console.log(`\nAPI key (shown once, keep it secret):\n  ${apiKey}\nsend it in the x-api-key header.`);
      });
    });
  clients.command('key')
    .description('issue one more API key for a system (key rotation); printed once')
    .argument('<id>')
    .option('--by <who>', 'who makes the change (audit)')
    .action(async (id: string, o: { by?: string }) => {
      await withStores(ctx, async ({ agreements }) => { console.log(await agreements.addKey(id, actor(o.by))); });
    });
  clients.command('user')
    .description('add a user of the registration page for a connected system (a case worker); prints the password once')
    .argument('<id>', 'the connection agreement')
    .requiredOption('--user <name>', 'the user name (letters, digits, ".", "_", "@", "-")')
    .option('--by <who>', 'who makes the change (audit)')
    .action(async (id: string, o: { user: string; by?: string }) => {
      await withStores(ctx, async ({ agreements }, services) => {
        if (!(await agreements.get(id))) throw new HubError('AGREEMENT_UNKNOWN', `no connection agreement "${id}"`);
        const password = await createPageUserStore({ redis: services.redis, prefix: services.settings.topicPrefix }).add(id, o.user);
        console.log(`user ${o.user} of ${id} may sign in on the registration page; password (shown once):\n  ${password}`);
      });
    });
  clients.command('list')
    .description('list the connection agreements')
    .option('--history <id>', 'show one agreement\'s history (who changed what, when, why)')
    .action(async (o: { history?: string }) => {
      await withStores(ctx, async ({ agreements }) => {
        if (o.history) {
          for (const h of await agreements.history(o.history)) console.log(`${h.tidspunkt}  ${h.handling.padEnd(18)} ${h.aktoer}${h.aarsag ? `  ${h.aarsag}` : ''}`);
          return;
        }
        const all = await agreements.list();
        if (all.length === 0) console.error('no connection agreements (hub clients add …)');
        for (const a of all) console.log(line(a));
      }, 'read');
    });
  for (const [name, verb] of [['suspend', 'close the web-service and Kafka access of a system at once (§ 3)'], ['reinstate', 'reopen a suspended system\'s access']] as const) {
    clients.command(name)
      .description(verb)
      .argument('<id>')
      .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
      .option('--by <who>', 'who makes the change (audit)')
      .action(async (id: string, o: { reason: string; by?: string }) => {
        await withStores(ctx, async ({ agreements }) => {
          const a = name === 'suspend' ? await agreements.suspend(id, actor(o.by), o.reason) : await agreements.reinstate(id, actor(o.by), o.reason);
          console.log(line(a));
        });
      });
  }

  const notices = program.command('notices').description('system-change notices (§ 4): at least 40 working days before go-live');
  notices.command('add')
    .description('record a municipality\'s planned change of its case systems and say whether the notice is in time')
    .requiredOption('--kommune <code>', 'kommunekode')
    .requiredOption('--golive <date>', 'go-live day, YYYY-MM-DD (Copenhagen)')
    .requiredOption('--system <name>', 'the case system changed or replaced')
    .requiredOption('--description <text>', 'what changes')
    .option('--by <who>', 'who notifies (audit)')
    .action(async (o: { kommune: string; golive: string; system: string; description: string; by?: string }) => {
      await withStores(ctx, async ({ notices: store }) => {
        const result = await store.add(noticeFrom({ kommunekode: o.kommune, idriftsaettelse: o.golive, system: o.system, beskrivelse: o.description }), actor(o.by), 'cli');
        if ('rejected' in result) {
          const reasons = result.rejected.kind === 'rejected' ? result.rejected.reasons : [];
          throw new HubError('NOTICE_INVALID', reasons.map((r) => r.message).join(' '));
        }
        const v = result.vurdering;
        console.log(v.kind === 'on-time'
          ? `recorded ${result.id}: in time (§ 4): ${v.workingDaysBefore} working days before go-live; the last day was ${v.dueDate}`
          : `recorded ${result.id}: LATE (§ 4): ${v.kind === 'late' ? v.reasons[0]!.message : ''}`);
      });
    });
  notices.command('list').description('list recorded notices').action(async () => {
    await withStores(ctx, async ({ notices: store }) => {
      for (const n of await store.list()) console.log(`${n.idriftsaettelse}  ${n.kommunekode}  ${n.vurdering.kind.padEnd(8)} ${n.system}: ${n.beskrivelse}  (notified ${n.modtagetDato} by ${n.anmeldtAf})`);
    }, 'read');
  });
};
