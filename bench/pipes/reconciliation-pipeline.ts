import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { connectServices, type Services } from '../../src/app/services.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { startStateRestorer } from '../../src/kafka/state-restorer.ts';
import { createYdelsePublisher } from '../../src/producers/ydelse-publisher.ts';
import { kontaktgruppeStart, samplePersons } from '../../src/producers/samples.ts';
import { afstemningChangelogReader, startReconciliationConsumer } from '../../src/reconciliation/index.ts';
import { DEFAULT_AFSTEMNINGSREGLER } from '../../src/rules/afstemning/index.ts';
import { benchLogger, withAdmin } from '../bench-kafka.ts';
import type { PipelineContext, PipelineResult, PipelineUnderTest } from '../pipeline.ts';

const nowMs = (): number => performance.timeOrigin + performance.now();

/**
 * Reconciliation's cost per record as a benchmark row: half the records are accepted chapter 2
 * reports on the warehouse topic (a person entering kontaktgruppe 1, or 2 for every fifth), half
 * are monthly dagpenge payments (every fifth person's disagree, § 9); the reconciliation consumer
 * (in this process, on the shared broker) re-checks each person and commits discrepancies and
 * ledgers in transactions. Timed from its start to the last record's commit.
 */
export const reconciliationPipeline = (): PipelineUnderTest => {
  let services: Services | undefined;
  let records = 0;
  return {
    name: 'reconciliation consumer',
    async fill(ctx: PipelineContext) {
      const prefix = `bench-afst-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
      services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: prefix, HUB_PARTITIONS: '3', KAFKA_BROKERS: ctx.brokers.join(',') }), benchLogger, 'bench-afstemning');
      const { kafka, codec, topics, settings } = services;
      const persons = samplePersons(Math.max(1, Math.floor(ctx.count / 2)), ['aak'], 7);
      const keys = await services.personKeys.keysFor(persons.map((p) => p.cpr));
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const month = '2026-03-01';
      for (let i = 0; i < persons.length; i += 2000) {
        const messages = await Promise.all(persons.slice(i, i + 2000).map(async (p, j) => {
          const report = kontaktgruppeStart(p, `kg-${i + j}`, month, Date.parse(`${month}T09:00:00+01:00`), (i + j) % 5 === 0 ? 2 : 1).report;
          return { key: keys[i + j]!, value: await codec.encode(topics.datavarehus, {
            vurdering: 'on-time', paragraf: '§ 7 stk. 1', fristdato: null, modtagetTidspunkt: new Date().toISOString(), indberetning: { kapitel: 2, data: codec.wrapReport(2, report) },
          }) };
        }));
        await producer.send({ topic: topics.datavarehus, acks: -1, messages });
      }
      await producer.disconnect();
      const payments = await createYdelsePublisher({ kafka, codec, topics, personKeys: services.personKeys });
      for (let i = 0; i < persons.length; i += 2000) {
        await payments.publishMany(persons.slice(i, i + 2000).map((p, j) => ({ art: 'udbetaling' as const, record: {
          udbetalingId: `u-${i + j}`, kildesystem: 'ydelsessystem', kommunekode: p.kommunekode, cpr: p.cpr, ydelse: 'DAGPENGE', fradato: month, tildato: '2026-03-31',
          beloebOere: 1_843_200, udbetalingsdato: '2026-04-06', bevillingId: null, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, registreretTidspunkt: '2026-04-06T10:00:00+02:00',
        } })));
      }
      await payments.close();
      records = persons.length * 2;
    },
    async run(): Promise<PipelineResult> {
      const s = services!;
      const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-afstemning-'));
      const prefix = s.settings.topicPrefix;
      let processed = 0;
      let batchSeconds = 0;
      const startedAt = nowMs();
      const restorer = await startStateRestorer({ kafka: s.kafka, logger: benchLogger, stateDir, groupId: `${prefix}.afstemning.tilstand.${randomUUID()}`, changelogs: [s.topics.afstemning], ownChangelogs: [s.topics.afstemning], read: afstemningChangelogReader(s.codec) });
      const consumer = await startReconciliationConsumer({
        kafka: s.kafka, codec: s.codec, topics: s.topics, restorer, logger: benchLogger, regler: DEFAULT_AFSTEMNINGSREGLER,
        groupId: `${prefix}.afstemning`, transactionalIdPrefix: `${prefix}.afstemning.tx`, sessionTimeoutMs: 6000,
        onBatch: (n, seconds) => { processed += n; batchSeconds += seconds; },
      });
      try {
        const deadline = Date.now() + 120_000 + records * 2;
        while (processed < records && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        if (processed < records) throw new Error(`reconciliation processed ${processed} of ${records} records in time`);
        const seconds = (nowMs() - startedAt) / 1000;
        return {
          eventsPerSec: records / seconds,
          // No memory figure: the consumer runs inside the bench process, whose resident set holds
          // the bench's own data too; in the hub it shares the process with the rules consumer.
          notes: `${records.toLocaleString('en-US')} records (reports and payments, 1 in 5 persons disagreeing); ${((seconds / records) * 1e6).toFixed(0)} µs/record wall, ${((batchSeconds / records) * 1e6).toFixed(0)} µs/record in batches (re-check, encode, transaction); no RSS (runs in the bench process)`,
        };
      } finally {
        await consumer.stop();
        await restorer.stop();
        fs.rmSync(stateDir, { recursive: true, force: true });
        await withAdmin(s.settings.kafkaBrokers, async (admin) => {
          const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
          if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
          const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${prefix}.`));
          if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
        });
        await s.close();
        services = undefined;
      }
    },
  };
};
