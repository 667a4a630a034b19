import { AssignerProtocol, Kafka, logLevel, type Admin, type ConsumerConfig, type KafkaConfig, type ProducerConfig } from 'kafkajs';
import type { Logger } from '../shared/logger.ts';
import { kafkajsLogCreator } from './log.ts';
import { javaCompatiblePartitioner } from './partitioner.ts';
import { assertKafkajsPatched } from './patches.ts';

/** How long the broker may hold a fetch that finds nothing new (ms): the most an idle consumer delays its stop. */
export const IDLE_FETCH_WAIT_MS = 500;

/**
 * Node's pool for small buffers (`Buffer.allocUnsafe` below half of it), in bytes: 64 KiB instead of
 * node's 8. kafkajs makes an encoder (a pooled buffer) for every record and request part it writes,
 * and the hub a few small buffers per report, so node made a new 8 KiB pool every few reports, an
 * ArrayBuffer each with its own allocation and sweep (1.9 µs a report of the rules thread, profiled).
 * Below malloc's mmap threshold (`MALLOC_MMAP_THRESHOLD_=131072`, bin/hub.mjs), so a pool is not a
 * mapping of its own. Drained 300,000 reports 5 % faster (steady 10,846–11,386 against
 * 10,109–11,008 reports/s, four runs each, alternating) at the same peak RSS.
 */
export const BUFFER_POOL_BYTES = 64 * 1024;

/**
 * Builds the kafkajs client every component shares; its logs go to pino at warn level and above.
 * `ssl`: TLS to the brokers, with a CA to trust and, for mutual TLS, the client's certificate and
 * key (PEM); with `sasl` too it is SASL_SSL.
 */
export const createKafka = (options: {
  brokers: string[]; clientId: string; logger: Logger; sasl?: KafkaConfig['sasl']; ssl?: { ca?: string; cert?: string; key?: string };
  /**
   * Session timeout of every consumer group member this client makes, unless it names its own (ms).
   * A member killed without leaving holds its group's next join until its session expires: after a
   * SIGKILL the restarted process waits this long for each group it rejoins. Default kafkajs's 30000.
   */
  sessionTimeoutMs?: number;
  /**
   * Told when a consumer of this client stopped for good without being asked: kafkajs restarts a
   * consumer after an error it knows as retriable and gives up on any other, leaving a process
   * that runs but no longer reads that group's partitions.
   */
  onConsumerStopped?: (groupId: string, error: Error) => void;
}): Kafka => {
  assertKafkajsPatched();
  // Process-wide, set where the buffers are made: whatever makes a client (the hub, the benchmark's
  // same-shape pipe) writes with the same pool.
  Buffer.poolSize = BUFFER_POOL_BYTES;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(options.logger.child({ component: 'kafkajs' })),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 12 },
    ...(options.sasl ? { sasl: options.sasl } : {}),
    ...(options.ssl ? { ssl: Object.keys(options.ssl).length > 0 ? { ...options.ssl, rejectUnauthorized: true } : true } : {}),
  });
  // The default (murmur2, Java-compatible) partitioning, chosen explicitly: a key lands on the same
  // partition whichever client wrote it, which per-person ordering relies on (kafka/partitioner.ts).
  const producer = kafka.producer.bind(kafka);
  kafka.producer = (config?: ProducerConfig) => producer({ createPartitioner: javaCompatiblePartitioner, ...config });
  // A consumer's disconnect waits for its fetch in flight, which the broker holds open up to
  // maxWaitTimeInMs when nothing arrives (kafkajs's default: 5000 ms). Every idle consumer then
  // delayed a stop by up to 5 s; 500 ms bounds that, and costs two empty fetches a second when idle
  // (a busy partition answers at once whatever the setting).
  const consumer = kafka.consumer.bind(kafka);
  const sessionDefaults = options.sessionTimeoutMs ? { sessionTimeout: options.sessionTimeoutMs, heartbeatInterval: Math.min(3000, Math.floor(options.sessionTimeoutMs / 3)) } : {};
  kafka.consumer = (config: ConsumerConfig) => {
    const made = consumer({ maxWaitTimeInMs: IDLE_FETCH_WAIT_MS, ...sessionDefaults, ...config });
    const { onConsumerStopped } = options;
    if (onConsumerStopped) {
      made.on(made.events.CRASH, (event) => {
        if (!event.payload.restart) onConsumerStopped(config.groupId, event.payload.error);
      });
    }
    return made;
  };
  return kafka;
};

/** An admin client that logs nothing, for provisioning steps whose failure the caller reports. */
export const quietAdmin = (brokers: string[], clientId: string) => new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING }).admin();

/** The topics in a consumer group member's assignment (the classic protocol's bytes). */
export const assignedTopicsOf = (memberAssignment: Buffer): string[] =>
  Object.keys(AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment ?? {});

/**
 * Each partition's low and high offsets of `topic`. kafkajs's admin gives up at once when a
 * partition's leader moved (a broker restarted; NOT_LEADER_OR_FOLLOWER, retriable) and keeps its
 * stale metadata; this refreshes the topic's metadata and asks again, for up to `attempts` times.
 */
export const topicOffsets = async (admin: Admin, topic: string, attempts = 20): Promise<Array<{ partition: number; offset: string; high: string; low: string }>> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (attempt >= attempts || (error as { retriable?: boolean }).retriable !== true) throw error;
      await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * attempt)));
    }
  }
};
