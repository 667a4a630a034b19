import type { Command } from 'commander';
import { groupNames } from '../app/hub.ts';
import { migratePersonKeys } from '../person-keys/migrate-keys.ts';
import { HubError } from '../shared/errors.ts';
import type { CliContext } from './context.ts';

/**
 * `hub keys migrate`: moves memberships, contact groups and delivery records from the old keyed
 * hash of the CPR number to the key service's random keys (docs/person-keys.md). Prints one JSON
 * line of counts; exit code 2 when some old records belong to no CPR number the hub knows.
 */
export const registerKeysCommand = (program: Command, ctx: CliContext): void => {
  const keys = program.command('keys').description('person keys: the key service and the migration from the shared keyed hash');
  keys.command('migrate')
    .description('re-key what is stored under the old keyed hash (HUB_LEGACY_PERSON_KEY_SECRET) to the key service\'s keys; stop the hub first; safe to run again')
    .action(async () => {
      const legacySecret = ctx.hub().legacyPersonKeySecret;
      if (!legacySecret) throw new HubError('LEGACY_SECRET_MISSING', 'set HUB_LEGACY_PERSON_KEY_SECRET to the secret the old person keys were made with (the former HUB_PERSON_KEY_SECRET)');
      const services = await ctx.connect({ clientId: 'hub-keys' });
      try {
        const summary = await migratePersonKeys({ kafka: services.kafka, codec: services.codec, topics: services.topics, personKeys: services.personKeys, legacySecret, rulesGroup: groupNames(services.settings.topicPrefix).rules });
        console.log(JSON.stringify(summary));
        const unresolved = Object.values(summary.counts).reduce((n, c) => n + c.unresolved, 0);
        if (unresolved > 0) {
          console.error(`${unresolved} records under old keys belong to no CPR number in the membership topic or the inbound reports; they were left as they are (docs/person-keys.md)`);
          process.exitCode = 2;
        }
      } finally {
        await services.close();
      }
    });
};
