// Test support: a Python virtual environment with PyPI packages, made on first use under the local
// stack's folder (as the schemathesis test does) and reused after; returns its python. Test files may
// run side by side (several vitest processes), so the first to get here builds it under a lock and the
// others wait.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../infra/index.ts';

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The Python kit the tests run the examples with, pinned so that a new release cannot change a run
 * unnoticed (docs/subscriber-guide.md names the versions).
 */
export const PYTHON_KIT = ['joserfc==1.8.0', 'confluent-kafka[avro,schemaregistry]==2.16.1'] as const;

export const ensurePythonVenv = (name: string, packages: readonly string[]): string => {
  const venv = path.join(repoRoot(), '.stack', name);
  const python = path.join(venv, 'bin', 'python');
  const marker = path.join(venv, `.installed-${packages.join('+').replace(/[^a-zA-Z0-9+.=_-]/g, '_')}`);
  if (fs.existsSync(marker)) return python;
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const lock = `${venv}.lock`;
  for (let waited = 0; ; waited += 500) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (waited > 600_000) throw new Error(`${lock} held for 10 minutes: remove it if no test is building ${name}`);
      sleepSync(500);
      if (fs.existsSync(marker)) return python;
    }
  }
  try {
    if (fs.existsSync(marker)) return python;
    if (!fs.existsSync(python)) {
      const mk = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
      if (mk.status !== 0) throw new Error('python3 -m venv failed: install python3-venv');
    }
    const pip = spawnSync(path.join(venv, 'bin', 'pip'), ['install', '-q', ...packages], { stdio: 'inherit', timeout: 300_000 });
    if (pip.status !== 0) throw new Error(`pip install ${packages.join(' ')} failed`);
    fs.writeFileSync(marker, '');
    return python;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
};
