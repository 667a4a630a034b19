export { stackSettingsFrom, connectionsOf, repoRoot, type StackSettings, type KafkaSasl } from './stack/settings.ts';
export { stackUp, stackDown, stackStatus, secureKafkaStatus, stopService, type ServiceStatus, type ServiceName, type UpResult } from './stack/stack.ts';
export { startKafka } from './stack/kafka.ts';
export { startRedis } from './stack/redis.ts';
export { startRegistry } from './stack/registry.ts';
export { startSecureKafka, secureServerProperties, hubAcls, hubPrincipalAcls, type SecureKafka, type SecureKafkaOptions, type ScramUser } from './stack/secure-kafka.ts';
export { startKafkaCluster, clusterNodeProperties, type KafkaCluster, type KafkaClusterOptions, type ClusterNode } from './stack/kafka-cluster.ts';
export { secureStackUp, secureHubEnv, secureFundUser, secureKafkaRunning, readSecureCredentials, secureCredentialsFile, SECURE_ADMIN_USER, SECURE_HUB_USER, type SecureStackOptions, type SecureUpResult, type SecureCredentials } from './stack/secure-stack.ts';
