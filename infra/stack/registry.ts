import path from 'node:path';
import { fetchRegistry } from './fetch.ts';
import { findJava } from './java.ts';
import { assertPortFree, ourProcess, startDetached, waitHealthy } from './processes.ts';
import type { StackSettings } from './settings.ts';

export const registryRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'registry');

/** Healthy when the Confluent-compatible API answers a subject listing. */
export const registryHealthy = async (ccompatUrl: string): Promise<boolean> => {
  const response = await fetch(`${ccompatUrl}/subjects`, { signal: AbortSignal.timeout(2000) });
  return response.ok;
};

/**
 * Apicurio Registry 3 on loopback, with its H2 database in a file so that schema ids survive a
 * restart: messages on the topics carry those ids, and an in-memory registry would orphan them.
 */
export const startRegistry = async (s: StackSettings, env: NodeJS.ProcessEnv): Promise<void> => {
  const runDir = registryRunDir(s);
  if (ourProcess(runDir)) return;
  await assertPortFree(s.registry.port, 'schema registry', 'HUB_REGISTRY_PORT');
  await assertPortFree(s.registry.managementPort, 'schema registry management', 'HUB_REGISTRY_MANAGEMENT_PORT');
  // Apicurio 3.2 and later are compiled for Java 21; the default Java here is 17.
  const { java } = findJava(env, 21, `Apicurio Registry ${s.registry.version}`, 'HUB_REGISTRY_JAVA_HOME');
  const home = fetchRegistry(s.stackDir, s.registry.version);
  startDetached(runDir, java, [
    `-Xmx${s.registry.heapMb}m`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
    '-Dquarkus.http.host=127.0.0.1', `-Dquarkus.http.port=${s.registry.port}`,
    '-Dquarkus.management.host=127.0.0.1', `-Dquarkus.management.port=${s.registry.managementPort}`,
    '-Dapicurio.storage.kind=sql', '-Dapicurio.storage.sql.kind=h2',
    `-Dapicurio.datasource.url=jdbc:h2:file:${path.join(runDir, 'data', 'registry')}`,
    '-Dapicurio.datasource.username=sa', '-Dapicurio.datasource.password=sa',
    '-Dquarkus.log.level=WARN',
    '-jar', path.join(home, 'quarkus-run.jar'),
  ]);
  await waitHealthy('schema registry', runDir, () => registryHealthy(`http://127.0.0.1:${s.registry.port}/apis/ccompat/v7`), 120_000);
};
