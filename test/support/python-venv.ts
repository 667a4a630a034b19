// Test support: a Python virtual environment with PyPI packages, made on first use under the local
// stack's folder (as the schemathesis test does) and reused after; returns its python.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../infra/index.ts';

export const ensurePythonVenv = (name: string, packages: readonly string[]): string => {
  const venv = path.join(repoRoot(), '.stack', name);
  const python = path.join(venv, 'bin', 'python');
  const marker = path.join(venv, `.installed-${packages.join('+').replace(/[^a-zA-Z0-9+.=_-]/g, '_')}`);
  if (fs.existsSync(marker)) return python;
  if (!fs.existsSync(python)) {
    const mk = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    if (mk.status !== 0) throw new Error('python3 -m venv failed: install python3-venv');
  }
  const pip = spawnSync(path.join(venv, 'bin', 'pip'), ['install', '-q', ...packages], { stdio: 'inherit', timeout: 300_000 });
  if (pip.status !== 0) throw new Error(`pip install ${packages.join(' ')} failed`);
  fs.writeFileSync(marker, '');
  return python;
};
