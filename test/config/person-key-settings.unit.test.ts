// Person keys come from the hub's key service: the old shared secret is refused, its successors read.
import { describe, expect, it } from 'vitest';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';

describe('person key settings', () => {
  it('refuses the old shared secret, naming what replaces it without echoing it', () => {
    expect(() => hubSettingsFrom({ HUB_PERSON_KEY_SECRET: 'shared-by-all' })).toThrow(/HUB_LEGACY_PERSON_KEY_SECRET.*HUB_PERSON_LOOKUP_SECRET/);
    expect(() => hubSettingsFrom({ HUB_PERSON_KEY_SECRET: 'shared-by-all' })).not.toThrow(/shared-by-all/);
  });

  it('reads the hub-only lookup secret and the legacy secret for the migration', () => {
    const s = hubSettingsFrom({ HUB_PERSON_LOOKUP_SECRET: 'only-the-hub', HUB_LEGACY_PERSON_KEY_SECRET: 'old' });
    expect(s.personLookupSecret).toBe('only-the-hub');
    expect(s.legacyPersonKeySecret).toBe('old');
    expect(hubSettingsFrom({}).legacyPersonKeySecret).toBeUndefined();
  });
});
