import fs from 'node:fs';
import path from 'node:path';
import { HubError } from '../../src/shared/errors.ts';
import { run, which } from './processes.ts';

const requireMaven = (): string => {
  const mvn = which('mvn');
  if (!mvn) throw new HubError('MAVEN_MISSING', 'Maven is needed once to fetch Kafka and the registry: apt-get install maven');
  return mvn;
};

const complete = (dir: string): boolean => fs.existsSync(path.join(dir, '.complete'));

/**
 * A cached download: `fill` runs (with Maven) only when `dir` is not marked complete, into an
 * emptied `dir`, which is marked complete after it, so an interrupted fetch is done again.
 */
const fetchOnce = (dir: string, fill: (mvn: string) => void): void => {
  if (complete(dir)) return;
  const mvn = requireMaven();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fill(mvn);
  fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString());
};

const mavenOrFail = (mvn: string, args: string[], what: string): void => {
  const result = run(mvn, ['-q', '-B', ...args]);
  if (!result || result.status !== 0) {
    const output = `${result?.stdout ?? ''}${result?.stderr ?? ''}`.trim().split('\n').slice(-6).join('\n');
    throw new HubError('FETCH_FAILED', `could not fetch ${what} from Maven Central:\n${output}`);
  }
};

/**
 * Apache Kafka's broker, tools and an SLF4J binding as a folder of jars (`infra/maven/pom.xml`).
 * Cached under `.stack/cache`, so a second start needs no network.
 */
export const fetchKafka = (stackDir: string, rootDir: string, version: string): string => {
  const dir = path.join(stackDir, 'cache', `kafka-${version}`);
  fetchOnce(dir, (mvn) => mavenOrFail(mvn, [
    '-f', path.join(rootDir, 'infra/maven/pom.xml'),
    'dependency:copy-dependencies', `-Dkafka.version=${version}`, '-DincludeScope=runtime',
    `-DoutputDirectory=${path.join(dir, 'lib')}`,
  ], `Apache Kafka ${version}`));
  return dir;
};

/** Apicurio Registry's runnable Quarkus app (`apicurio-registry-app-<v>-all.tar.gz`), unpacked and cached. */
export const fetchRegistry = (stackDir: string, version: string): string => {
  const dir = path.join(stackDir, 'cache', `apicurio-${version}`);
  fetchOnce(dir, (mvn) => {
    const download = path.join(stackDir, 'cache', 'download');
    mavenOrFail(mvn, [
      'dependency:copy', `-Dartifact=io.apicurio:apicurio-registry-app:${version}:tar.gz:all`, `-DoutputDirectory=${download}`,
    ], `Apicurio Registry ${version}`);
    const tarball = path.join(download, `apicurio-registry-app-${version}-all.tar.gz`);
    const untar = run('tar', ['xzf', tarball, '-C', dir]);
    if (!untar || untar.status !== 0) throw new HubError('FETCH_FAILED', `could not unpack ${tarball}: ${untar?.stderr ?? 'tar missing'}`);
    fs.rmSync(tarball, { force: true });
  });
  return dir;
};

/**
 * Kafka Connect's worker (`connect-runtime` at the stack's Kafka version, the JSON converter and an
 * SLF4J binding; `infra/maven/connect/pom.xml`) as a folder of jars, cached under `.stack/cache`.
 */
export const fetchConnect = (stackDir: string, rootDir: string, kafkaVersion: string): string => {
  const dir = path.join(stackDir, 'cache', `connect-${kafkaVersion}`);
  fetchOnce(dir, (mvn) => mavenOrFail(mvn, [
    '-f', path.join(rootDir, 'infra/maven/connect/pom.xml'),
    'dependency:copy-dependencies', `-Dkafka.version=${kafkaVersion}`, '-DincludeScope=runtime',
    `-DoutputDirectory=${path.join(dir, 'lib')}`,
  ], `Kafka Connect ${kafkaVersion}`));
  return dir;
};

/**
 * Debezium's PostgreSQL connector with the outbox event router (`infra/maven/debezium/pom.xml`) as a
 * Connect plugin folder: `<dir>/plugins/debezium-postgres`. Kafka's and SLF4J's own jars are left
 * out, because the worker provides them (Debezium names older ones, which would shadow the worker's).
 * Returns the folder to put on the worker's `plugin.path`.
 */
export const fetchDebezium = (stackDir: string, rootDir: string, version: string): string => {
  const dir = path.join(stackDir, 'cache', `debezium-${version}`);
  const plugins = path.join(dir, 'plugins');
  fetchOnce(dir, (mvn) => mavenOrFail(mvn, [
    '-f', path.join(rootDir, 'infra/maven/debezium/pom.xml'),
    'dependency:copy-dependencies', `-Ddebezium.version=${version}`, '-DincludeScope=runtime',
    '-DexcludeGroupIds=org.apache.kafka,org.slf4j', `-DoutputDirectory=${path.join(plugins, 'debezium-postgres')}`,
  ], `Debezium ${version}`));
  return plugins;
};
