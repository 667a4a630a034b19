import type { Command } from 'commander';
import { createMembershipPublisher } from '../producers/membership-publisher.ts';
import { createReportPublisher } from '../producers/report-publisher.ts';
import { demoSubmissions, membershipsOf, samplePersons } from '../producers/samples.ts';
import { HubError } from '../shared/errors.ts';
import type { CliContext } from './context.ts';
import { runOutboxDemo } from './outbox-demo.ts';
import { wholeNumber } from './options.ts';

/**
 * `hub demo`: registers sample fund memberships and publishes sample reports that reach the funds.
 * Every sample person is a member of one fund (`--fund`, by default the first configured one), so
 * `hub demo --count 5 && hub tail --fund aak --from-beginning --max 5` sees all five; `--fund all`
 * spreads them over every configured fund.
 */
export const registerDemoCommand = (program: Command, ctx: CliContext, now: () => number): void => {
  program
    .command('demo')
    .description('publish sample persons (fund memberships) and reports: each person enters kontaktgruppe 1, then misses an interview today')
    .option('-n, --count <n>', 'number of sample persons', wholeNumber('count', 1, 100_000), 5)
    .option('--fund <code>', 'the fund every sample person is a member of, or "all" to spread them over every configured fund (default: the first configured fund)')
    .option('--seed <n>', 'seed of the made-up CPR numbers', wholeNumber('seed', 0), Math.floor(Date.now() / 1000))
    .option('--outbox', 'register the reports in the sample case database\'s outbox instead (docs/outbox.md), and show their receipts from hub_kvittering')
    .action(async (opts: { count: number; seed: number; fund?: string; outbox?: boolean }) => {
      const configured = ctx.hub().funds.map((f) => f.code);
      const chosen = opts.fund ?? configured[0];
      if (chosen === undefined) throw new HubError('CONFIG_INVALID', 'no fund is configured (HUB_FUNDS_FILE)');
      if (chosen !== 'all' && !configured.includes(chosen)) {
        throw new HubError('CONFIG_INVALID', `no fund "${chosen}" is configured (HUB_FUNDS_FILE); known: ${configured.join(', ')}, or all`);
      }
      const funds = chosen === 'all' ? configured : [chosen];
      const services = await ctx.connect({ clientId: 'hub-demo' });
      const { kafka, codec, topics, settings } = services;
      const persons = samplePersons(opts.count, funds, opts.seed);
      try {
        const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
        await members.publish(membershipsOf(persons));
        await members.close();
        if (opts.outbox) {
          await runOutboxDemo(ctx, services, persons, now());
          return;
        }
        const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
        const results = await publisher.publishMany(demoSubmissions(persons, now()));
        await publisher.close();
        const perFund = new Map<string, number>();
        for (const p of persons) perFund.set(p.akasse, (perFund.get(p.akasse) ?? 0) + 1);
        console.log(`published ${results.filter((r) => r.ok).length} reports for ${persons.length} persons (memberships: ${[...perFund].map(([f, n]) => `${f} ${n}`).join(', ')})`);
        console.log(`watch them arrive (the hub must be running): npx hub tail --fund ${persons[0]!.akasse} --from-beginning --max ${perFund.get(persons[0]!.akasse)}`);
      } finally {
        await services.close();
      }
    });
};
