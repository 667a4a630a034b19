import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { HubError } from '../../src/shared/errors.ts';
import { assertPortFree, ourProcess, run, startDetached, waitHealthy } from './processes.ts';
import type { StackSettings } from './settings.ts';

/**
 * The server's data folder, which is also where its pid file and log live: the postmaster changes
 * into its data folder, and a pid is recognised as ours by its working folder.
 */
export const postgresRunDir = (s: StackSettings): string => path.join(s.stackDir, 'run', 'postgres', 'data');

/** The local PostgreSQL's superuser; it trusts loopback connections (a development stack). */
export const POSTGRES_USER = 'hub';

/** The connection URL of a database on the local PostgreSQL. */
export const postgresUrl = (s: StackSettings, database = 'postgres'): string => `postgres://${POSTGRES_USER}@127.0.0.1:${s.outbox.postgresPort}/${database}`;

export const postgresHealthy = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ wal_level: string }>('SHOW wal_level');
    return rows[0]?.wal_level === 'logical';
  } finally {
    await client.end().catch(() => undefined);
  }
};

const binDirs = (): string[] => {
  try {
    return fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    return [];
  }
};

/** Debian's PostgreSQL server binaries (initdb, postgres); `apt-get install postgresql` when missing (the machine runs as root). */
const postgresBin = (): string => {
  const found = binDirs().find((d) => fs.existsSync(path.join(d, 'initdb')));
  if (found) return found;
  const update = run('apt-get', ['update', '-qq']);
  const install = update && run('apt-get', ['install', '-y', '-qq', 'postgresql']);
  const installed = binDirs().find((d) => fs.existsSync(path.join(d, 'initdb')));
  if (!install || install.status !== 0 || !installed) {
    throw new HubError('POSTGRES_INSTALL_FAILED', `PostgreSQL is missing and 'apt-get install postgresql' failed; install it by hand${install?.stderr ? `: ${install.stderr.trim().split('\n').pop()}` : ''}`);
  }
  return installed;
};

/**
 * PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` user (created by
 * the package), which then owns the data folder. `setpriv` execs in place, so the recorded pid is the
 * server's own.
 */
const asServiceUser = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', command, ...args]] : [command, args];

/** The `postgres` user owns the run folder and must be able to pass through the stack folders above it (a test's mkdtemp folder is 0700). */
const chownToService = (s: StackSettings, dir: string): void => {
  if (process.getuid?.() !== 0) return;
  for (const above of [s.stackDir, path.join(s.stackDir, 'run')]) fs.chmodSync(above, fs.statSync(above).mode | 0o011);
  run('chown', ['-R', 'postgres:postgres', dir]);
};

/**
 * The case system's PostgreSQL for the outbox, run by the stack (not the system service): its own
 * data folder under `.stack/run/postgres`, its own port, loopback only, `wal_level=logical` so that
 * Debezium's `pgoutput` decoding can read the outbox table's changes.
 */
export const startPostgres = async (s: StackSettings): Promise<void> => {
  const dataDir = postgresRunDir(s);
  const runDir = path.dirname(dataDir);
  if (ourProcess(dataDir)) return;
  await assertPortFree(s.outbox.postgresPort, 'PostgreSQL', 'HUB_POSTGRES_PORT');
  const bin = postgresBin();
  fs.mkdirSync(runDir, { recursive: true });
  chownToService(s, runDir);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const [cmd, args] = asServiceUser(path.join(bin, 'initdb'), ['-D', dataDir, '-U', POSTGRES_USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    const init = run(cmd, args, { cwd: '/' });
    if (!init || init.status !== 0) throw new HubError('SERVICE_UNHEALTHY', `initdb failed: ${init?.stderr ?? ''}`);
  }
  const [cmd, args] = asServiceUser(path.join(bin, 'postgres'), [
    '-D', dataDir, '-p', String(s.outbox.postgresPort), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${runDir}`,
    '-c', 'wal_level=logical', '-c', 'max_wal_senders=10', '-c', 'max_replication_slots=10', '-c', 'max_connections=50',
    '-c', 'fsync=on', '-c', 'synchronous_commit=on',
  ]);
  startDetached(dataDir, cmd, args);
  await waitHealthy('PostgreSQL', dataDir, () => postgresHealthy(postgresUrl(s)), 30_000);
};

/** Creates a database on the local PostgreSQL when it does not exist yet. */
export const ensureDatabase = async (s: StackSettings, database: string): Promise<void> => {
  const client = new pg.Client({ connectionString: postgresUrl(s) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
};
