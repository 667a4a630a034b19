// Issue 7, fuzzing: generated reports, valid and malformed, through the Kafka path into the real hub
// (a child process). Schema-valid ones (bad CPR/CVR/dates, unknown event types, wrong chapters,
// missing rule-required fields) are Avro-encoded as a case system would; broken ones go raw
// (random bytes, JSON, another topic's schema, an unknown schema id, truncated Avro, empty values).
// The hub keeps running and each message ends in a receipt or a dead letter: counted, none twice.
import fc from 'fast-check';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { HEADERS } from '../../src/config/headers.ts';
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { withNullDefaults } from '../../src/producers/validate.ts';
import { kontaktgruppeStart, samplePersons, sampleCvr, seededRandom, tilbudStart, udeblivelse } from '../../src/producers/samples.ts';
import { addDays, copenhagenDate } from '../../src/rules/calendar/index.ts';
import { countTopic, FINAL_OUTCOMES } from '../support/fault-ledger.ts';
import { recordFigures, seconds, sized } from '../support/fault-report.ts';
import { spawnHub, type HubProcess } from '../support/hub-process.ts';
import { personKeyOf, testLogger, uniqueName } from '../support/services.ts';

const MESSAGES = sized(3_000, 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

let services: Services;
let hub: HubProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  env = { HUB_TOPIC_PREFIX: uniqueName('fuzz'), HUB_PARTITIONS: '3', HUB_REQUIRE_AGREEMENT: 'false' };
  services = await connectServices(hubSettingsFrom({ ...process.env, ...env }), testLogger);
});

afterAll(async () => {
  hub?.child.kill('SIGKILL');
  await services?.close();
});

type Kind = 'valid' | 'mutated' | 'wrong-kapitel' | 'random-bytes' | 'json' | 'other-schema' | 'unknown-schema-id' | 'truncated-avro' | 'empty';

/** One generated input: either a report (with mutations) or raw bytes. */
type Generated =
  | { readonly kind: 'valid' | 'mutated' | 'wrong-kapitel'; readonly person: number; readonly template: 'kg' | 'ude' | 'tilbud-start' | 'tilbud-slut'; readonly mutations: ReadonlyArray<[string, unknown]>; readonly kapitel?: number }
  | { readonly kind: 'random-bytes' | 'json' | 'other-schema' | 'unknown-schema-id' | 'truncated-avro' | 'empty'; readonly bytes: Uint8Array; readonly cut: number };

const badCpr = fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^\d{10}$/), fc.constantFrom('', '0000000000', '3113999999', '010190-1234', 'x'.repeat(300)));
const badDate = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('2024-02-30', '2024-13-01', '9999-99-99', '0000-00-00', '1899-12-31', '2100-01-01', ''));
const mutation: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fc.constant('cpr'), badCpr),
  fc.tuple(fc.constant('kommunekode'), fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('999', '000', 'abc'))),
  fc.tuple(fc.constant('haendelsesdato'), badDate),
  fc.tuple(fc.constant('kendskabsdato'), fc.oneof(badDate, fc.constant(null))),
  fc.tuple(fc.constant('registreretTidspunkt'), fc.oneof(fc.string({ maxLength: 30 }), fc.constant('2024-01-01T00:00:00Z'))),
  fc.tuple(fc.constant('haendelsestype'), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('tilbud-start', 'tilbud-slut', 'tilbud-aendring', 'udeblivelse-samtale', 'KONTAKTGRUPPE_START', 'KONTAKTGRUPPE_SLUT', 'ukendt-haendelse'))),
  fc.tuple(fc.constant('aarsag'), fc.oneof(fc.constant(null), fc.string({ maxLength: 40 }))),
  fc.tuple(fc.constant('rettelseAf'), fc.oneof(fc.constant(null), fc.string({ maxLength: 10 }))),
  fc.tuple(fc.constant('kildesystem'), fc.string({ maxLength: 20 })),
  fc.tuple(fc.constant('tilbud.virksomhed.cvr'), fc.oneof(fc.stringMatching(/^\d{8}$/), fc.string({ maxLength: 9 }))),
  fc.tuple(fc.constant('tilbud.slutdato'), badDate),
  fc.tuple(fc.constant('tilbud.startdato'), badDate),
  fc.tuple(fc.constant('tilbud'), fc.constant(null)),
  fc.tuple(fc.constant('kontaktgruppe'), fc.constant(null)),
);

const generated: fc.Arbitrary<Generated> = fc.oneof(
  { weight: 30, arbitrary: fc.record({ kind: fc.constant('valid' as const), person: fc.nat(199), template: fc.constantFrom('kg' as const, 'ude' as const, 'tilbud-start' as const, 'tilbud-slut' as const), mutations: fc.constant([]) }) },
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('mutated' as const), person: fc.nat(199), template: fc.constantFrom('kg' as const, 'ude' as const, 'tilbud-start' as const, 'tilbud-slut' as const), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wrong-kapitel' as const), person: fc.nat(199), template: fc.constantFrom('kg' as const, 'ude' as const), mutations: fc.constant([]), kapitel: fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(2, 11, 99)) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('random-bytes' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 300 }), cut: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('json' as const), bytes: fc.json({ maxDepth: 3 }).map((j) => new TextEncoder().encode(j)), cut: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('other-schema' as const), bytes: fc.constant(new Uint8Array()), cut: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown-schema-id' as const), bytes: fc.uint8Array({ maxLength: 50 }), cut: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('truncated-avro' as const), bytes: fc.constant(new Uint8Array()), cut: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('empty' as const), bytes: fc.constant(new Uint8Array()), cut: fc.nat() }) },
);

const setPath = (target: Record<string, unknown>, dotted: string, value: unknown) => {
  const parts = dotted.split('.');
  let node: Record<string, unknown> | null = target;
  for (const p of parts.slice(0, -1)) {
    const next: unknown = node?.[p];
    if (typeof next !== 'object' || next === null) return; // the field is absent here: nothing to mutate
    node = next as Record<string, unknown>;
  }
  if (node) node[parts[parts.length - 1]!] = value;
};

describe('fuzzing the Kafka path', () => {
  it(`gives each of ${MESSAGES} generated messages a receipt or a dead letter, and keeps running`, async () => {
    const { kafka, codec, topics, settings } = services;
    const persons = samplePersons(200, ['aak', '3f', 'hk'], 77);
    const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
    // A quarter of the persons have no known fund: their chapter 11 reports wait (AFVENTER_AKASSE).
    await members.publish(persons.slice(0, 150).map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
    await members.close();
    const inboundId = await codec.registry.getLatestSchemaId(`${topics.indberetninger}-value`);
    const otherId = await codec.registry.getLatestSchemaId(`${topics.medlemskab}-value`);
    const now = Date.now();
    const today = copenhagenDate(now);
    const random = seededRandom(SEED);

    const inputs = fc.sample(generated, { numRuns: MESSAGES, seed: SEED });
    const byKind: Record<string, number> = {};
    const reportIds = new Set<string>();
    const rawKeys = new Set<string>();
    const toMessage = async (g: Generated, n: number): Promise<Message> => {
      byKind[g.kind] = (byKind[g.kind] ?? 0) + 1;
      if (g.kind === 'valid' || g.kind === 'mutated' || g.kind === 'wrong-kapitel') {
        const p = persons[g.person]!;
        const id = `fz-${n}`;
        const template = g.template === 'kg' ? kontaktgruppeStart(p, id, today, now)
          : g.template === 'ude' ? udeblivelse(p, id, today, now)
          : tilbudStart(p, id, today, addDays(today, 1), 4, now, sampleCvr(random));
        const report = structuredClone(withNullDefaults(template.kapitel, template.report));
        if (g.template === 'tilbud-slut') report.haendelsestype = 'tilbud-slut';
        for (const [field, value] of g.mutations) setPath(report, field, value);
        const kapitel = g.kind === 'wrong-kapitel' ? g.kapitel! : template.kapitel;
        let value: Buffer;
        try {
          value = await codec.registry.encode(inboundId, { kapitel, data: codec.wrapReport(template.kapitel, report) });
        } catch {
          // Wrong types for the schema (an enum value it lacks, a string too odd for it): only a
          // client that goes around the SDK can send this, and it arrives as something else than Avro.
          byKind[g.kind]!--;
          byKind['schema-invalid-as-json'] = (byKind['schema-invalid-as-json'] ?? 0) + 1;
          const key = `fz-raw-${n}`;
          rawKeys.add(key);
          return { key, value: Buffer.from(JSON.stringify({ kapitel, report })) };
        }
        reportIds.add(id);
        return {
          key: await personKeyOf(services, String(report.cpr)),
          value,
          headers: { [HEADERS.kildesystem]: String(report.kildesystem), [HEADERS.indberetningId]: id },
        };
      }
      const key = `fz-raw-${n}`;
      rawKeys.add(key);
      const raw = g as Extract<Generated, { bytes: Uint8Array }>;
      let value: Buffer | null;
      switch (raw.kind) {
        case 'empty': value = null; break;
        case 'other-schema': value = await codec.registry.encode(otherId, { cpr: persons[0]!.cpr, akasse: 'aak', fleksjob: false, opdateret: new Date(now).toISOString() }); break;
        case 'unknown-schema-id': value = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0 + (n % 8)]), Buffer.from(raw.bytes)]); break;
        case 'truncated-avro': {
          const whole = await codec.encodeInbound(11, withNullDefaults(11, udeblivelse(persons[1]!, key, today, now).report));
          value = whole.subarray(0, 5 + (raw.cut % (whole.length - 5)));
          break;
        }
        default: value = Buffer.from(raw.bytes);
      }
      return { key, value };
    };

    hub = spawnHub(env);
    await hub.ready;
    const deadByKey = new Map<string, number>();
    const deadById = new Map<string, number>();
    const finals = new Map<string, number>();
    const udfald: Record<string, number> = {};
    const receipts = await countTopic(kafka, codec, topics.kvitteringer, (v) => {
      const id = String(v.indberetningId);
      udfald[String(v.udfald)] = (udfald[String(v.udfald)] ?? 0) + 1;
      if (FINAL_OUTCOMES.has(String(v.udfald))) finals.set(id, (finals.get(id) ?? 0) + 1);
      return id;
    });
    const dead = await countTopic(kafka, codec, topics.doedeBreve, (v, m) => {
      const id = v.indberetningId === null ? undefined : String(v.indberetningId);
      if (id !== undefined && reportIds.has(id)) deadById.set(id, (deadById.get(id) ?? 0) + 1);
      else if (m.key !== undefined) deadByKey.set(m.key, (deadByKey.get(m.key) ?? 0) + 1);
      return String(v.kode);
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const begun = Date.now();
    for (let i = 0; i < inputs.length; i += 1000) {
      const messages = await Promise.all(inputs.slice(i, i + 1000).map((g, j) => toMessage(g, i + j)));
      await producer.send({ topic: topics.indberetninger, acks: -1, messages });
    }
    await producer.disconnect();
    const published = Date.now();

    // A report id counts as handled by a receipt, or by a dead letter (REPORT_UNPROCESSABLE); raw
    // messages whose bytes happened to decode into some report get a receipt with a made-up id.
    const handledIds = () => [...reportIds].filter((id) => receipts.counts.has(id) || deadById.has(id)).length;
    const foreignReceipts = () => [...receipts.counts.keys()].filter((id) => !reportIds.has(id)).length;
    const done = () => handledIds() === reportIds.size && deadByKey.size + foreignReceipts() >= rawKeys.size;
    await Promise.all([receipts.settle(done, sized(180_000, 1_200_000), 5000), dead.settle(done, sized(180_000, 1_200_000), 5000)]);
    const alive = hub.child.exitCode === null && hub.child.signalCode === null;

    // Reports that wait for a fund or are held get an interim receipt per attempt; no id gets two final ones.
    const receiptsDoubled = [...finals].filter(([id, c]) => reportIds.has(id) && c > 1).length;
    const rawDeadDoubled = [...deadByKey.values()].filter((c) => c > 1).length;
    recordFigures('fuzz-kafka', {
      messages: MESSAGES, seed: SEED, byKind, reports: reportIds.size, raw: rawKeys.size,
      reportsWithReceipt: [...reportIds].filter((id) => receipts.counts.has(id)).length,
      reportsDeadLettered: deadById.size, rawDeadLettered: deadByKey.size, rawDecodedIntoSomeReport: foreignReceipts(),
      deadLetterCodes: Object.fromEntries(dead.counts), udfald, reportIdsWithMoreThanOneFinalReceipt: receiptsDoubled, rawWithMoreThanOneDeadLetter: rawDeadDoubled,
      secondsToPublish: seconds(published - begun), secondsToAllAnswered: seconds(Date.now() - begun), hubAlive: alive,
    });
    if (!alive || !done()) console.log(hub.output().slice(-6000));
    expect(alive).toBe(true);
    expect(handledIds()).toBe(reportIds.size);
    expect(deadByKey.size + foreignReceipts()).toBe(rawKeys.size);
    expect(rawDeadDoubled).toBe(0);
    expect(receiptsDoubled).toBe(0);
    expect([...deadById.values()].filter((c) => c > 1)).toEqual([]);
  }, sized(300_000, 2_400_000));
});
