// Fault tests write what they measured (counts, seconds to recover) beside their assertions, so that
// docs/reliability.md quotes figures a run produced, not guesses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../infra/index.ts';

/** Whether the long sizes run (`npm run test:faults` sets FAULTS_LONG=1). */
export const FAULTS_LONG = process.env.FAULTS_LONG === '1';

export const sized = <T>(short: T, long: T): T => (FAULTS_LONG ? long : short);

/** Appends one JSON line to `test-artifacts/faults/<name>.jsonl` and prints it. */
export const recordFigures = (name: string, figures: Record<string, unknown>): void => {
  const dir = path.join(repoRoot(), 'test-artifacts', 'faults');
  fs.mkdirSync(dir, { recursive: true });
  const line = {
    test: name, at: new Date().toISOString(), long: FAULTS_LONG,
    machine: { nproc: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30) }, ...figures,
  };
  fs.appendFileSync(path.join(dir, `${name}.jsonl`), `${JSON.stringify(line)}\n`);
  console.log(`[faults] ${JSON.stringify(line)}`);
};

export const seconds = (ms: number): number => Math.round(ms / 100) / 10;
