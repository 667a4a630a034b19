// Runs the real hub as a child process (`hub start --no-http --no-stack`), as production does.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../infra/index.ts';

export interface HubProcess {
  readonly child: ChildProcess;
  /** Resolves when the rules consumer runs. */
  readonly ready: Promise<void>;
  /** Resolves with the exit signal or code. */
  readonly exited: Promise<string>;
  readonly output: () => string;
}

export const spawnHub = (env: Record<string, string>): HubProcess => {
  const child = spawn(process.execPath, ['--max-old-space-size=192', path.join(repoRoot(), 'bin/hub.mjs'), 'start', '--no-http', '--no-stack'], {
    env: { ...process.env, HUB_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('release worker running')) markReady();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  return { child, ready, exited, output: () => output };
};
