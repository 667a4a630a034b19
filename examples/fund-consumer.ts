// A fund's (a-kasse's) consumer of its hub topic: the smallest complete example of the subscriber
// kit (docs/subscriber-guide.md). It uses only kafkajs and @kafkajs/confluent-schema-registry, as a
// fund's own system would; nothing of the hub's code.
//
//   KAFKA_BROKERS=127.0.0.1:9092 SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 \
//   FUND_TOPIC=hub.akasse.aak GROUP_ID=akasse-aak.fagsystem npx tsx examples/fund-consumer.ts [--max N] [--show-cpr]
//
// With HUB_JWKS_URL (the hub's https://<hub>/.well-known/jwks.json) it checks each record's
// `hub-signatur` first (examples/verify-notification.ts) and refuses what the hub did not sign.
//
// Prints one JSON line per notification on stdout. Offsets are committed after each message is
// handled, so a crash re-delivers at most the messages in flight: handle them idempotently by
// `notifikationId` (the hub never delivers a report twice, but Kafka delivers at least once).
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { hubKeys, verifyNotification } from './verify-notification.ts';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (!value) {
    console.error(`fund-consumer: set ${name}`);
    process.exit(2);
  }
  return value;
};

const brokers = env('KAFKA_BROKERS', '127.0.0.1:9092').split(',');
const registryUrl = env('SCHEMA_REGISTRY_URL', 'http://127.0.0.1:8081/apis/ccompat/v7');
const topic = env('FUND_TOPIC');
const groupId = env('GROUP_ID', `${topic}.consumer`);
const maxIndex = process.argv.indexOf('--max');
const max = maxIndex > 0 ? Number(process.argv[maxIndex + 1]) : Infinity;
const showCpr = process.argv.includes('--show-cpr');
const keys = process.env.HUB_JWKS_URL ? hubKeys(process.env.HUB_JWKS_URL) : undefined;

/** What the fund receives (schemas/akasse-notifikation.avsc), the fields this example prints. */
interface AkasseNotifikation {
  notifikationId: string;
  indberetningId: string;
  akasse: string;
  cpr: string;
  kommunekode: string;
  haendelsestype: string;
  /** Avro `int`/`date`: days since 1970-01-01 (a reader without logical types sees the number). */
  haendelsesdato: number;
  // A symbol the hub adds later arrives as itself (see below): keep these open with `string`.
  rettidighed: 'RETTIDIG' | 'FORSINKET' | 'UKENDT' | (string & {});
  indberetningsart: 'NY' | 'RETTELSE' | 'UKENDT' | (string & {});
  rettelseAf: string | null;
  paragraf: string;
  fristdato: number;
  /** Avro `long`/`timestamp-millis`: milliseconds since 1970-01-01T00:00Z. */
  modtagetTidspunkt: number;
}

const isoDate = (days: number): string => new Date(days * 86_400_000).toISOString().slice(0, 10);

const kafka = new Kafka({ clientId: 'fund-consumer-example', brokers, logLevel: logLevel.WARN });
const registry = new SchemaRegistry({ host: registryUrl });
// read_committed: the hub writes in Kafka transactions; an aborted write must never be seen.
const consumer = kafka.consumer({ groupId, readUncommitted: false });

let seen = 0;
let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  await consumer.disconnect().catch(() => undefined);
  process.exit(code);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  // Commit after each message is handled (kafkajs commits resolved offsets).
  autoCommit: true,
  eachMessage: async ({ partition, message }) => {
    if (!message.value || stopping) return;
    if (keys) {
      const signature = message.headers?.['hub-signatur']?.toString() ?? '';
      const valid = await verifyNotification(signature, message.value, keys).then(() => true, () => false);
      // Not the hub's: do not act on it; a real system would alert and keep the record for inspection.
      if (!valid) return void console.error(`refused ${partition}:${message.offset}: hub-signatur does not verify`);
    }
    // The registry fetches the writer's schema by the id in the message (Confluent wire format) and
    // decodes with it alone: an enum symbol added after this code was written arrives as that symbol,
    // not as UKENDT (only a reader that resolves into an older schema of its own gets the default).
    // Treat any value you do not know as "look in the case system", never as a reason to stop.
    const n = (await registry.decode(message.value)) as AkasseNotifikation;
    const cpr = showCpr ? n.cpr : `${n.cpr.slice(0, 6)}-XXXX`;
    console.log(JSON.stringify({
      partition, offset: message.offset, personKey: message.key?.toString(), indberetningIdHeader: message.headers?.['hub-indberetning-id']?.toString(),
      notifikationId: n.notifikationId, indberetningId: n.indberetningId, cpr, kommunekode: n.kommunekode, haendelsestype: n.haendelsestype,
      haendelsesdato: isoDate(n.haendelsesdato), fristdato: isoDate(n.fristdato), modtagetTidspunkt: new Date(n.modtagetTidspunkt).toISOString(), rettidighed: n.rettidighed, indberetningsart: n.indberetningsart, rettelseAf: n.rettelseAf, paragraf: n.paragraf,
    }));
    seen++;
    if (seen >= max) setImmediate(() => void stop());
  },
});
console.error(`reading ${topic} as ${groupId} (read_committed); Ctrl-C to stop`);
