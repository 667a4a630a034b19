import type { Command } from 'commander';
import { HubError } from '../shared/errors.ts';
import { activateKey, addKey, ensureSigningKeySet, retireKey, writeSigningKeySet, type SigningKeySet } from '../shared/notification-signing.ts';
import type { CliContext } from './context.ts';

/**
 * `hub signing-keys list | add | activate <kid> | retire <kid>`: rotation of the keys that sign fund
 * notifications (docs/operations.md, "Signing keys"). Each changes HUB_SIGNING_KEYS_FILE; a running
 * hub reads it when it starts.
 */
export const registerSigningCommands = (program: Command, ctx: CliContext, now: () => number): void => {
  const keys = program.command('signing-keys').description('the keys that sign fund notifications: list, add (publish a new one), activate (sign with it), retire');
  const file = (): string => {
    const f = ctx.hub().signingKeysFile;
    if (!f) throw new HubError('CONFIG_INVALID', 'HUB_SIGNING_KEYS_FILE is not set');
    return f;
  };
  const show = (set: SigningKeySet) => {
    for (const k of set.keys) console.log(`${k.kid === set.active ? '* ' : '  '}${k.kid}${k.kid === set.active ? '   (signs)' : '   (published)'}`);
  };
  const change = (f: (set: SigningKeySet) => SigningKeySet | Promise<SigningKeySet>) => async (...args: unknown[]) => {
    void args;
    const set = await f(await ensureSigningKeySet(file(), now()));
    writeSigningKeySet(file(), set);
    show(set);
  };
  keys.command('list').description('every key: the one that signs, and those published beside it').action(async () => show(await ensureSigningKeySet(file(), now())));
  keys.command('add').description('make a new key and publish it in the JWK Set, without signing with it yet').action(change((set) => addKey(set, now())));
  keys.command('activate <kid>').description('sign with this key from the next start of the hub').action(async (kid: string) => change((set) => activateKey(set, kid))());
  keys.command('retire <kid>').description('stop publishing a key (only once no retained record carries its signature)').action(async (kid: string) => change((set) => retireKey(set, kid))());
};
