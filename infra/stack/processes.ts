import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubError } from '../../src/shared/errors.ts';

/** A process the stack started: its pid file lives in the service's run folder. */
export interface Started {
  readonly pid: number;
  readonly startedAt: string;
}

export const pidFile = (runDir: string): string => path.join(runDir, 'pid.json');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The process recorded in `runDir`, if it still runs and is ours. A pid is ours only when its
 * working folder is `runDir` (services are started there; Redis rewrites its command line, so
 * that cannot serve): a recycled pid belonging to another program is never touched.
 */
const recordedPid = (runDir: string): number | undefined => {
  try {
    return (JSON.parse(fs.readFileSync(pidFile(runDir), 'utf8')) as Started).pid;
  } catch {
    return undefined;
  }
};

export const ourProcess = (runDir: string): Started | undefined => {
  let started: Started;
  try {
    started = JSON.parse(fs.readFileSync(pidFile(runDir), 'utf8')) as Started;
  } catch {
    return undefined;
  }
  if (!alive(started.pid)) return undefined;
  try {
    return fs.realpathSync(`/proc/${started.pid}/cwd`) === fs.realpathSync(runDir) ? started : undefined;
  } catch {
    return undefined;
  }
};

const endings = new Map<number, string>();

/** Starts a long-running service detached from this process, logging to `<runDir>/service.log`. */
export const startDetached = (runDir: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Started => {
  fs.mkdirSync(runDir, { recursive: true });
  const log = fs.openSync(path.join(runDir, 'service.log'), 'a');
  const child = spawn(command, args, { cwd: runDir, detached: true, stdio: ['ignore', log, log], env });
  // How a process this one started ended, for the error when it dies before it is healthy.
  child.once('exit', (code, signal) => { if (child.pid !== undefined) endings.set(child.pid, signal ? `signal ${signal}` : `exit code ${code}`); });
  child.unref();
  fs.closeSync(log);
  if (child.pid === undefined) throw new HubError('SERVICE_UNHEALTHY', `could not start ${command}`);
  const started: Started = { pid: child.pid, startedAt: new Date().toISOString() };
  fs.writeFileSync(pidFile(runDir), JSON.stringify(started));
  return started;
};

/** Stops our process in `runDir`: SIGTERM, then SIGKILL after `graceMs`. Returns whether one ran. */
export const stopOurs = async (runDir: string, graceMs = 20_000): Promise<boolean> => {
  const started = ourProcess(runDir);
  if (!started) return false;
  // Services run in their own process group (detached), so the group signal reaches wrappers too.
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-started.pid, sig);
    } catch {
      try { process.kill(started.pid, sig); } catch { /* already gone */ }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(started.pid) && Date.now() < deadline) await sleep(200);
  if (alive(started.pid)) signal('SIGKILL');
  while (alive(started.pid)) await sleep(100);
  fs.rmSync(pidFile(runDir), { force: true });
  return true;
};

/** True when something already listens on 127.0.0.1:port. */
export const portInUse = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => { socket.destroy(); resolve(false); });
  });

export const assertPortFree = async (port: number, service: string, envName: string): Promise<void> => {
  if (await portInUse(port)) {
    throw new HubError(
      'PORT_IN_USE',
      `port ${port} (${service}) is used by another program: stop it, or choose another port with ${envName}=<port>`,
    );
  }
};

/** Polls `check` until it returns true or `timeoutMs` passes; the service's log tail goes in the error. */
export const waitHealthy = async (
  service: string,
  runDir: string | undefined,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  // The time limit counts only time this process could check: a synchronous step of another
  // service's start (formatting Kafka's storage runs two JVMs in spawnSync, seconds each on a busy
  // machine) can hold the event loop, and a check whose connection timer then fires before its
  // connection is read fails although the service runs. A timer that wakes every 100 ms measures
  // how long the loop was held, during checks and between them alike, and the deadline moves on by
  // as much. (Counted from a check's own duration, only beyond 5 s, a clean clone's first start
  // once failed Redis after 20 s although its log said it was ready 0.1 s after it started.)
  let held = 0;
  let tick = Date.now();
  const observe = () => {
    const now = Date.now();
    if (now - tick > 300) held += now - tick - 100;
    tick = now;
  };
  const monitor = setInterval(observe, 100);
  monitor.unref();
  try {
    for (;;) {
      if (await check().catch(() => false)) return;
      // The pid just started is gone (its working folder is not read here: that can fail for a moment
      // while a process that runs is busy, and a pid is not recycled within a start).
      const pid = runDir ? recordedPid(runDir) : undefined;
      if (runDir && (pid === undefined || !alive(pid))) { exited = true; break; }
      observe(); // a hold that just ended (the check's own, say) before its timer could tell
      if (Date.now() >= deadline + held) break;
      await sleep(250);
    }
  } finally {
    clearInterval(monitor);
  }
  const tail = runDir ? logTail(runDir) : '';
  const pid = runDir ? recordedPid(runDir) : undefined;
  const ending = pid === undefined ? undefined : endings.get(pid);
  const what = exited
    ? `exited before it became healthy${pid === undefined ? '' : ` (pid ${pid}${ending ? `, ${ending}` : ''})`}`
    : `did not become healthy within ${Math.round(timeoutMs / 1000)} s`;
  throw new HubError('SERVICE_UNHEALTHY', `${service} ${what}${tail ? `; last log lines:\n${tail}` : ''}`);
};

export const logTail = (runDir: string, lines = 8): string => {
  try {
    return fs.readFileSync(path.join(runDir, 'service.log'), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
};

/** Runs a short command synchronously; a missing executable becomes `undefined`. */
export const run = (command: string, args: string[], options: { cwd?: string } = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  return result;
};

export const which = (command: string): string | undefined => {
  const result = run('sh', ['-c', `command -v ${command}`]);
  const found = result?.stdout.trim();
  return found ? found : undefined;
};
