import fs from 'node:fs';
import path from 'node:path';
import { HubError } from '../../src/shared/errors.ts';
import { run, which } from './processes.ts';

/** A Java runtime: the `java` executable and its major version. */
export interface JavaRuntime {
  readonly java: string;
  readonly major: number;
}

const majorOf = (java: string): number | undefined => {
  const result = run(java, ['-version']);
  const match = result?.stderr.match(/version "(\d+)(?:\.(\d+))?/);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first; // "1.8.0" is Java 8
};

/** Every JDK we can see: JAVA_HOME, the `java` on PATH, and the JDKs under /usr/lib/jvm. */
const candidates = (env: NodeJS.ProcessEnv): string[] => {
  const found: string[] = [];
  if (env.JAVA_HOME) found.push(path.join(env.JAVA_HOME, 'bin/java'));
  const onPath = which('java');
  if (onPath) found.push(onPath);
  try {
    for (const dir of fs.readdirSync('/usr/lib/jvm').sort().reverse()) found.push(path.join('/usr/lib/jvm', dir, 'bin/java'));
  } catch { /* no system JDKs */ }
  return [...new Set(found)].filter((j) => fs.existsSync(j));
};

/**
 * Finds a Java runtime of at least `minMajor`, preferring `preferredHomeEnv` when set.
 * Kafka 4.x needs 17; Apicurio Registry 3.2 and later are compiled for 21.
 */
export const findJava = (env: NodeJS.ProcessEnv, minMajor: number, purpose: string, preferredHomeEnv: string): JavaRuntime => {
  const preferred = env[preferredHomeEnv];
  const list = preferred ? [path.join(preferred, 'bin/java'), ...candidates(env)] : candidates(env);
  for (const java of list) {
    const major = majorOf(java);
    if (major !== undefined && major >= minMajor) return { java, major };
  }
  if (list.length === 0) {
    throw new HubError('JAVA_MISSING', `no Java found: ${purpose} needs Java ${minMajor}+; install one (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME`);
  }
  throw new HubError('JAVA_MISSING', `${purpose} needs Java ${minMajor}+, found only older ones; install a JDK ${minMajor}+ under /usr/lib/jvm or set ${preferredHomeEnv}`);
};
