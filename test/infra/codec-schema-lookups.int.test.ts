// A batch full of reports in a schema version the hub has not seen yet: the codec fetches and parses
// that schema once, not once per message (each parse of the inbound union is ~50 KB of avsc types; a
// thousand of them, rebuilt on every retry while the registry was away, ran the hub out of memory in
// the long registry-outage fault test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { kontaktgruppeStart, samplePersons } from '../../src/producers/samples.ts';
import { withNullDefaults } from '../../src/producers/validate.ts';
import { inboundSchema } from '../../src/shared/codec.ts';
import { createRegistry, registerValueSchema } from '../../src/shared/registry.ts';
import { connections, testLogger, uniqueName } from '../support/services.ts';

let services: Services;

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('codec') }), testLogger);
});

afterAll(async () => { await services?.close(); });

describe('the codec and a schema version it has not seen', () => {
  it('looks the schema up and parses it once for a whole batch decoded at the same time', async () => {
    const { codec, topics } = services;
    // A case system registers a newer, compatible envelope through a registry client of its own.
    const other = createRegistry(connections.registryUrl);
    const v2 = { ...inboundSchema(), fields: [...(inboundSchema().fields as object[]), { name: 'kanal', type: ['null', 'string'], default: null }] };
    const v2Id = await registerValueSchema(other, topics.indberetninger, v2, 'inbound');
    const persons = samplePersons(300, ['aak'], 31);
    const now = Date.now();
    const messages = await Promise.all(persons.map((p, i) => {
      const { kapitel, report } = kontaktgruppeStart(p, `v2-${i}`, '2026-11-26', now);
      return other.encode(v2Id, { kapitel, data: codec.wrapReport(kapitel, withNullDefaults(kapitel, report)), kanal: 'test' });
    }));

    const cache = (codec.registry as unknown as { cache: { setSchema: (id: number, ...rest: unknown[]) => unknown } }).cache;
    const setSchema = cache.setSchema.bind(cache);
    let parsedForV2 = 0;
    cache.setSchema = (id, ...rest) => { if (id === v2Id) parsedForV2++; return setSchema(id, ...rest); };

    const decoded = await Promise.all(messages.map((m) => codec.decodeInbound(m)));
    expect(decoded.map((d) => d.report.indberetningId)).toEqual(persons.map((_, i) => `v2-${i}`));
    expect(parsedForV2).toBe(1);
  });
});
