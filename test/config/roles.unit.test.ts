import { describe, expect, it } from 'vitest';
import { HUB_ROLES, hubSettingsFrom, rolesFrom } from '../../src/config/settings.ts';

const connections = { kafkaBrokers: ['127.0.0.1:9092'], registryUrl: 'http://127.0.0.1:8081', redisUrl: 'redis://127.0.0.1:6379' };

describe('what a hub process runs (HUB_ROLES, hub start --roles)', () => {
  it('reads a comma list, spaces and empty items aside', () => {
    expect([...rolesFrom(' rules, ,reconciliation ', '--roles')]).toEqual(['rules', 'reconciliation']);
  });

  it('refuses an unknown role, naming the setting and the roles there are', () => {
    expect(() => rolesFrom('rules,regler', 'HUB_ROLES')).toThrow(/HUB_ROLES: unknown role regler; choose from rules, reconciliation, delivery, receipts, outbox/);
    expect(() => rolesFrom(',', '--roles')).toThrow(/--roles: no role named/);
  });

  it('is absent from the settings unless HUB_ROLES names roles (then a process runs all)', () => {
    expect(hubSettingsFrom({}, connections).roles).toBeUndefined();
    expect([...(hubSettingsFrom({ HUB_ROLES: 'delivery,receipts' }, connections).roles ?? HUB_ROLES)]).toEqual(['delivery', 'receipts']);
    expect(() => hubSettingsFrom({ HUB_ROLES: 'all' }, connections)).toThrow(/HUB_ROLES: unknown role all/);
  });
});
