import type { Command } from 'commander';
import { createMembershipPublisher } from '../producers/membership-publisher.ts';
import { createReportPublisher } from '../producers/report-publisher.ts';
import { demoSubmissions, membershipsOf, samplePersons } from '../producers/samples.ts';
import type { CliContext } from './context.ts';
import { runOutboxDemo } from './outbox-demo.ts';

/** `hub demo`: registers sample fund memberships and publishes sample reports that reach the funds. */
export const registerDemoCommand = (program: Command, ctx: CliContext, now: () => number): void => {
  program
    .command('demo')
    .description('publish sample persons (fund memberships) and reports: each person enters kontaktgruppe 1, then misses an interview today')
    .option('-n, --count <n>', 'number of sample persons', (v) => Number(v), 5)
    .option('--seed <n>', 'seed of the made-up CPR numbers', (v) => Number(v), Math.floor(Date.now() / 1000))
    .option('--outbox', 'register the reports in the sample case database\'s outbox instead (docs/outbox.md), and show their receipts from hub_kvittering')
    .action(async (opts: { count: number; seed: number; outbox?: boolean }) => {
      const services = await ctx.connect({ clientId: 'hub-demo' });
      const { kafka, codec, topics, settings } = services;
      const funds = settings.funds.map((f) => f.code);
      const persons = samplePersons(opts.count, funds, opts.seed);
      const members = await createMembershipPublisher({ kafka, codec, topics, personKeySecret: settings.personKeySecret });
      await members.publish(membershipsOf(persons));
      await members.close();
      if (opts.outbox) {
        await runOutboxDemo(ctx, services, persons, now()).finally(() => services.close());
        return;
      }
      const publisher = await createReportPublisher({ kafka, codec, topics, personKeySecret: settings.personKeySecret });
      const results = await publisher.publishMany(demoSubmissions(persons, now()));
      await publisher.close();
      await services.close();
      const perFund = new Map<string, number>();
      for (const p of persons) perFund.set(p.akasse, (perFund.get(p.akasse) ?? 0) + 1);
      console.log(`published ${results.filter((r) => r.ok).length} reports for ${persons.length} persons (memberships: ${[...perFund].map(([f, n]) => `${f} ${n}`).join(', ')})`);
      console.log(`watch them arrive: npx hub tail --fund ${persons[0]?.akasse ?? 'aak'} --from-beginning`);
    });
};
