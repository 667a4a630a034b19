import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where and how the embedded local stack runs. Built once by the composition root from the environment. */
export interface StackSettings {
  /** Repository root; `.stack/` below it holds downloads (`cache/`) and running state (`run/`). */
  readonly rootDir: string;
  /** Folder for downloads and service data. Default `<root>/.stack`. */
  readonly stackDir: string;
  readonly kafka: { readonly version: string; readonly port: number; readonly controllerPort: number; readonly heapMb: number; readonly external?: string };
  readonly registry: { readonly version: string; readonly port: number; readonly managementPort: number; readonly heapMb: number; readonly external?: string };
  readonly redis: { readonly port: number; readonly external?: string };
}

export const repoRoot = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a port number from 1 to 65535, not "${raw}"`);
  }
  return value;
};

/**
 * Reads the stack's settings. When KAFKA_BROKERS, SCHEMA_REGISTRY_URL or REDIS_URL is set, that
 * service is someone else's (for example a production cluster) and the local one is not started.
 */
export const stackSettingsFrom = (env: NodeJS.ProcessEnv): StackSettings => {
  const rootDir = repoRoot();
  return {
    rootDir,
    stackDir: env.HUB_STACK_DIR ?? path.join(rootDir, '.stack'),
    kafka: {
      version: env.HUB_KAFKA_VERSION ?? '4.4.0',
      port: port(env, 'HUB_KAFKA_PORT', 9092),
      controllerPort: port(env, 'HUB_KAFKA_CONTROLLER_PORT', 9093),
      heapMb: port(env, 'HUB_KAFKA_HEAP_MB', 768),
      external: env.KAFKA_BROKERS || undefined,
    },
    registry: {
      version: env.HUB_REGISTRY_VERSION ?? '3.3.3',
      port: port(env, 'HUB_REGISTRY_PORT', 8081),
      managementPort: port(env, 'HUB_REGISTRY_MANAGEMENT_PORT', 8082),
      heapMb: port(env, 'HUB_REGISTRY_HEAP_MB', 384),
      external: env.SCHEMA_REGISTRY_URL || undefined,
    },
    redis: {
      port: port(env, 'HUB_REDIS_PORT', 6379),
      external: env.REDIS_URL || undefined,
    },
  };
};

/** The addresses clients use: the external ones when set, else the local stack's. */
export const connectionsOf = (s: StackSettings) => ({
  kafkaBrokers: (s.kafka.external ?? `127.0.0.1:${s.kafka.port}`).split(',').map((b) => b.trim()),
  registryUrl: s.registry.external ?? `http://127.0.0.1:${s.registry.port}/apis/ccompat/v7`,
  redisUrl: s.redis.external ?? `redis://127.0.0.1:${s.redis.port}`,
});
