// The state's pure parts: how an offer moves, when its end is missing, and a batch's overlay.
import { describe, expect, it } from 'vitest';
import { newPersonKey } from '../../src/person-keys/person-key.ts';
import { markerOf, memoryState, nextOffer, offerEndMissing, overlay, personStateOf, replacesKontaktgruppe, type StateView } from '../../src/state/changes.ts';

describe('offers', () => {
  it('an end report ends the offer and keeps its last end date; a change moves the end date', () => {
    const started = nextOffer(undefined, 'tilbud-start', '2026-12-10');
    expect(started).toEqual({ ended: false, slutdato: '2026-12-10' });
    const moved = nextOffer(started, 'tilbud-aendring', '2026-12-20');
    expect(moved).toEqual({ ended: false, slutdato: '2026-12-20' });
    expect(nextOffer(moved, 'tilbud-slut', '2026-12-18')).toEqual({ ended: true, slutdato: '2026-12-20' });
  });

  it('the end is missing unless it was reported or the end date moved past the date checked', () => {
    expect(offerEndMissing(undefined, '2026-12-10')).toBe(true);
    expect(offerEndMissing({ ended: false, slutdato: '2026-12-10' }, '2026-12-10')).toBe(true);
    expect(offerEndMissing({ ended: false, slutdato: '2026-12-20' }, '2026-12-10')).toBe(false);
    expect(offerEndMissing({ ended: true, slutdato: '2026-12-10' }, '2026-12-10')).toBe(false);
  });
});

describe('person state', () => {
  it('an older kontaktgruppe record never replaces a newer one', () => {
    expect(replacesKontaktgruppe(undefined, 5)).toBe(true);
    expect(replacesKontaktgruppe({ kontaktgruppe: 2, at: 10 }, 5)).toBe(false);
    expect(replacesKontaktgruppe({ kontaktgruppe: 2, at: 10 }, 10)).toBe(true);
  });

  it('a leaver has no fund, a person who left every group no kontaktgruppe', () => {
    expect(personStateOf({ akasse: null, fleksjob: false }, { kontaktgruppe: null, at: 1 })).toEqual({ fleksjob: false });
    expect(personStateOf({ akasse: 'aak', fleksjob: true }, { kontaktgruppe: 3, at: 1 })).toEqual({ akasse: 'aak', fleksjob: true, kontaktgruppe: 3 });
    expect(personStateOf(undefined, undefined)).toEqual({});
  });
});

describe('a batch overlay', () => {
  it('shows a staged reconciliation ledger, and a forgotten one as none', () => {
    const view = overlay(base);
    expect(view.afstemning('p1')).toEqual({ kontaktgrupper: [] });
    view.stage([{ kind: 'afstemning', personKey: 'p2', regnskab: { x: 1 } }, { kind: 'afstemning', personKey: 'p1', regnskab: null }]);
    expect(view.afstemning('p2')).toEqual({ x: 1 });
    expect(view.afstemning('p1')).toBeUndefined();
  });

  const base: StateView = {
    person: (k) => (k === 'p1' ? { akasse: 'aak', kontaktgruppe: 1 } : {}),
    delivered: (id) => id === 'sys:old',
    offer: (id) => (id === 'sys:t1' ? { ended: false, slutdato: '2026-12-01' } : undefined),
    afstemning: (k) => (k === 'p1' ? { kontaktgrupper: [] } : undefined),
    lookupIdOf: (k) => (k === 'p1' ? 'l1' : undefined),
  };

  it('shows a key confirmed earlier in the batch, and the committed confirmations otherwise', () => {
    const view = overlay(base);
    expect(view.lookupIdOf('p2')).toBeUndefined();
    view.stage([{ kind: 'noegle', personKey: 'p2', lookupId: 'l2' }]);
    expect(view.lookupIdOf('p2')).toBe('l2');
    expect(view.lookupIdOf('p1')).toBe('l1');
  });

  it('shows the batch\'s earlier changes over the committed state, and the committed state otherwise', () => {
    const view = overlay(base);
    expect(view.person('p1')).toEqual({ akasse: 'aak', kontaktgruppe: 1 });
    view.stage([
      { kind: 'kontaktgruppe', personKey: 'p1', kontaktgruppe: null, at: 2 },
      { kind: 'kontaktgruppe', personKey: 'p2', kontaktgruppe: 4, at: 2 },
      { kind: 'delivered', reportId: 'sys:new', at: 2 },
      { kind: 'offer', offerId: 'sys:t1', offer: { ended: true, slutdato: '2026-12-01' } },
    ]);
    expect(view.person('p1')).toEqual({ akasse: 'aak' });
    expect(view.person('p2')).toEqual({ kontaktgruppe: 4 });
    expect([view.delivered('sys:old'), view.delivered('sys:new'), view.delivered('sys:other')]).toEqual([true, true, false]);
    expect(view.offer('sys:t1')).toEqual({ ended: true, slutdato: '2026-12-01' });
  });
});

describe('the key a partition has learnt for a person', () => {
  it('comes from a membership under a key service key or a confirmation, and goes with a tombstone', () => {
    const state = memoryState();
    state.apply([{ kind: 'membership', personKey: 'pnm', akasse: 'aak', fleksjob: false, lookupId: 'lm' }, { kind: 'noegle', personKey: 'pnc', lookupId: 'lc' }]);
    expect([state.lookupIdOf('pnm'), state.lookupIdOf('pnc')]).toEqual(['lm', 'lc']);
    // A leaver's tombstone (and an old key retired by `hub keys migrate`) withdraws it: its record no longer says whose key it is.
    state.apply([{ kind: 'membership', personKey: 'pnm', akasse: null, fleksjob: false }]);
    expect(state.lookupIdOf('pnm')).toBeUndefined();
    // A membership without a lookup id (a key of the old keyed hash) confirms nothing.
    state.apply([{ kind: 'membership', personKey: 'old', akasse: 'aak', fleksjob: false }]);
    expect(state.lookupIdOf('old')).toBeUndefined();
  });
});

describe('person entries', () => {
  it('are found by value in the memory state of `hub check` under a person key\'s bytes, and apart from a key in text', () => {
    const state = memoryState();
    const key = newPersonKey(new Uint8Array(16).fill(9));
    state.apply([
      { kind: 'membership', personKey: key, akasse: 'aak', fleksjob: true },
      { kind: 'kontaktgruppe', personKey: key, kontaktgruppe: 4, at: 1 },
      { kind: 'membership', personKey: 'c0ffee00112233445566778899aabbcc', akasse: '3f', fleksjob: false },
    ]);
    expect(state.person(key)).toEqual({ akasse: 'aak', fleksjob: true, kontaktgruppe: 4 });
    expect(state.person('c0ffee00112233445566778899aabbcc')).toEqual({ akasse: '3f', fleksjob: false });
    expect(state.person(newPersonKey(new Uint8Array(16).fill(8)))).toEqual({});
  });
});

describe('delivered markers', () => {
  it('are 12 bytes of the id\'s digest, the same for the same id and apart for 100,000 others', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `sagssystem-${i % 7}:${i}`);
    const markers = ids.map((id) => markerOf(id));
    expect(markers.every((m) => m.length === 12)).toBe(true);
    expect(new Set(markers.map((m) => Buffer.from(m).toString('hex'))).size).toBe(ids.length);
    expect(Buffer.from(markerOf(ids[42]!)).equals(Buffer.from(markers[42]!))).toBe(true);
  });

  it('are found by value in the memory state of `hub check`, not by the key object', () => {
    const state = memoryState();
    state.apply([{ kind: 'delivered', reportId: 'sys:1', at: 1 }]);
    expect([state.delivered('sys:1'), state.delivered('sys:2')]).toEqual([true, false]);
  });

  it('are written and looked up by the marker the caller computed once, when it passes one', () => {
    const state = memoryState();
    state.apply([{ kind: 'delivered', reportId: 'sys:1', at: 1, marker: markerOf('sys:1') }]);
    expect([state.delivered('sys:1'), state.delivered('sys:1', markerOf('sys:1')), state.delivered('sys:1', markerOf('sys:2'))]).toEqual([true, true, false]);
    // The marker passed is the one used (the rules consumer computes it from the id a line earlier).
    state.apply([{ kind: 'delivered', reportId: 'sys:3', at: 1, marker: markerOf('sys:4') }]);
    expect([state.delivered('sys:3'), state.delivered('sys:4')]).toEqual([false, true]);
  });
});
