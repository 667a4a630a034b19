// Runs the real hub as a child process (`hub start --no-http --no-stack`), as production does.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { hubProcess, hubScript } from '../../infra/index.ts';

export interface HubProcess {
  readonly child: ChildProcess;
  /** Resolves when the rules consumer runs. */
  readonly ready: Promise<void>;
  /** Resolves with the exit signal or code. */
  readonly exited: Promise<string>;
  readonly output: () => string;
}

export const spawnHub = (env: Record<string, string>): HubProcess => {
  // As `npx hub` runs it (the shebang's flags and environment), HUB_TEST_NODE_FLAGS added.
  const how = hubProcess(process.env.HUB_TEST_NODE_FLAGS?.split(' ').filter(Boolean) ?? []);
  const child = spawn(process.execPath, [...how.nodeArgs, hubScript(), 'start', '--no-http', '--no-stack'], {
    env: { ...process.env, ...how.env, HUB_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let markReady: () => void;
  let failReady: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => { markReady = resolve; failReady = reject; });
  // A test awaiting `ready` learns at once that the hub died on its way up, with its last words.
  ready.catch(() => undefined);
  // HUB_TEST_LOG_DIR keeps each hub process's whole output in a file (the in-memory copy is trimmed).
  const logFile = process.env.HUB_TEST_LOG_DIR ? path.join(process.env.HUB_TEST_LOG_DIR, `hub-${Date.now()}-${child.pid}.log`) : undefined;
  if (process.env.HUB_TEST_LOG_DIR) fs.mkdirSync(process.env.HUB_TEST_LOG_DIR, { recursive: true });
  const onData = (chunk: Buffer) => {
    if (logFile) fs.appendFileSync(logFile, chunk);
    output += chunk.toString();
    if (output.includes('release worker running')) markReady();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => {
    failReady(new Error(`the hub exited (${signal ?? `code ${code}`}) before it was ready; last output:\n${output.slice(-3000)}`));
    resolve(signal ?? String(code));
  }));
  return { child, ready, exited, output: () => output };
};
