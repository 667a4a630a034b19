// Throwaway measurement: publish N memberships to a fresh prefix.
import { connectServices } from '../src/app/services.ts';
import { hubSettingsFrom } from '../src/cli/settings.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createMembershipPublisher } from '../src/producers/membership-publisher.ts';
const n = Number(process.argv[2]); const prefix = process.argv[3];
const services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: prefix }), createLogger({ level: 'warn' }));
const pub = await createMembershipPublisher({ kafka: services.kafka, codec: services.codec, topics: services.topics, personKeySecret: services.settings.personKeySecret });
const t = Date.now();
const funds = services.settings.funds.map((f) => f.code);
for (let i = 0; i < n; i += 10000) {
  const batch = Array.from({ length: Math.min(10000, n - i) }, (_, j) => ({ cpr: String(1000000000 + i + j).padStart(10, '0'), akasse: funds[(i + j) % funds.length]! }));
  await pub.publish(batch);
}
console.log(`published ${n} in ${(Date.now() - t) / 1000}s`);
await pub.close(); await services.close(); process.exit(0);
