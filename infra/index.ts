export { stackSettingsFrom, connectionsOf, repoRoot, type StackSettings } from './stack/settings.ts';
export { stackUp, stackDown, stackStatus, stopService, type ServiceStatus, type ServiceName, type UpResult } from './stack/stack.ts';
export { startKafka } from './stack/kafka.ts';
export { startRedis } from './stack/redis.ts';
export { startRegistry } from './stack/registry.ts';
export { startSecureKafka, secureServerProperties, hubAcls, type SecureKafka, type SecureKafkaOptions, type ScramUser } from './stack/secure-kafka.ts';
export { startKafkaCluster, clusterNodeProperties, type KafkaCluster, type KafkaClusterOptions, type ClusterNode } from './stack/kafka-cluster.ts';
