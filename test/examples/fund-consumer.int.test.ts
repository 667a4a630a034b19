// The subscriber kit's example consumer, run as a fund would run it, against a real fund topic.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import type { AkasseNotifikation } from '../../src/config/records.generated.ts';
import { connections, testLogger, uniqueName } from '../support/services.ts';

const run = promisify(execFile);
let services: Services;

const notification = (indberetningId: string): AkasseNotifikation => ({
  notifikationId: `${indberetningId}:aak`, indberetningId, akasse: 'aak', cpr: '0101901234', kommunekode: '101',
  haendelsestype: 'udeblivelse-samtale', haendelsesdato: '2025-03-10', kendskabsdato: null, aarsag: 'Mødte ikke op', kommentar: null,
  tilbud: null, loentilskud: null, rettidighed: 'RETTIDIG', indberetningsart: 'NY', rettelseAf: null, paragraf: '§ 61', fristdato: '2025-03-11',
  modtagetTidspunkt: '2025-03-10T09:00:00.000Z',
});

beforeAll(async () => {
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: uniqueName('kit'), HUB_PARTITIONS: '1' }), testLogger);
});

afterAll(async () => { await services?.close(); });

describe('examples/fund-consumer.ts', () => {
  it('reads a fund topic read_committed and decodes through the registry', async () => {
    const { kafka, codec, topics } = services;
    const topic = topics.fund('aak');
    // As the rules consumer writes: in a transaction. An aborted one comes first and must not be seen.
    const producer = kafka.producer({ transactionalId: uniqueName('kit-tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'pk', value: await codec.encode(topic, notification('aborted-1')) }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ key: 'pk', value: await codec.encode(topic, notification('ude-42')), headers: { 'hub-indberetning-id': 'ude-42' } }] });
    await committed.commit();
    await producer.disconnect();

    const groupId = uniqueName('akasse-aak.fagsystem');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(repoRoot(), 'examples/fund-consumer.ts'), '--max', '1'], {
      cwd: repoRoot(), timeout: 60_000,
      env: { ...process.env, KAFKA_BROKERS: connections.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: connections.registryUrl, FUND_TOPIC: topic, GROUP_ID: groupId },
    });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ indberetningId: 'ude-42', indberetningIdHeader: 'ude-42', personKey: 'pk', rettidighed: 'RETTIDIG', paragraf: '§ 61', cpr: '010190-XXXX',
      // Avro logical types read back as the dates and instant that were written.
      haendelsesdato: '2025-03-10', fristdato: '2025-03-11', modtagetTidspunkt: '2025-03-10T09:00:00.000Z' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  });
});
