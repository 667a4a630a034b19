/**
 * The Kafka client's parts as the rest of the hub names them. kafkajs (2.2.4, patched: see
 * patches.ts) is imported only under `src/kafka/`; everything else takes these types and the
 * edge's functions (createKafka, provisioning, the partition processor, the state restorer, the
 * record helpers), so that replacing the client touches this folder and the call sites' types.
 * test/kafka/edge.unit.test.ts keeps it so.
 */
export type { Admin, Consumer, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
