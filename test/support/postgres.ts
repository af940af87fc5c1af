import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/**
 * A PostgreSQL of the test's own, from Debian's packages (scripts/cluster/setup.sh installs them): a fresh
 * cluster in a temp folder on a free loopback port, user `temporal` (password `temporal`, superuser) and a
 * database `cadre` for the service's own stores. Started through `setpriv --pdeathsig` so it dies with the
 * test process, kill -9 included. Shared by the store tests and the cluster (test/support/cluster.ts).
 */
export interface Postgres {
  port: number;
  /** The URL of database `cadre`, for the service's stores. */
  url: string;
  /** Folder for logs and whatever else the caller runs beside it. */
  dir: string;
  /** Runs `sql` in database `database` as the superuser (tests' checks); rows as psql prints them, unaligned. */
  psql(sql: string, database?: string): string;
  stop(): Promise<void>;
}

function postgresBin(name: string): string {
  const versions = existsDir('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort() : [];
  const latest = versions.at(-1);
  if (!latest) throw new Error('PostgreSQL is not installed: run scripts/cluster/setup.sh');
  return join('/usr/lib/postgresql', latest, 'bin', name);
}

function existsDir(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL refuses to run as root: as root, its processes run as the `postgres` user. */
const asPostgres = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

/** A child that dies with this process (SIGKILL included); its output's last lines kept in `log`. */
export function startDying(
  command: string,
  args: string[],
  log: string,
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString());
    if (lines.length > 200) lines.shift();
    writeFileSync(log, lines.join(''));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

/** A process that will not come up: waiting longer is pointless. */
export class StartFailed extends Error {}

export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      if (error instanceof StartFailed) throw error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    setTimeout(() => {
      child.kill('SIGKILL');
    }, 10_000).unref();
  });

export async function startPostgres(): Promise<Postgres> {
  const dir = mkdtempSync(join(tmpdir(), 'cadre-pg-'));
  // PostgreSQL runs as its own user, which must reach its data folder inside this one.
  chmodSync(dir, 0o755);
  const data = join(dir, 'pg');
  mkdirSync(data, { mode: 0o700 });
  if (process.getuid?.() === 0)
    chownSync(
      data,
      Number(execFileSync('id', ['-u', 'postgres'])),
      Number(execFileSync('id', ['-g', 'postgres'])),
    );
  execFileSync(
    ...asPostgres(postgresBin('initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]),
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const pg = startDying(
    ...asPostgres(postgresBin('postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      data,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=300',
    ]),
    join(dir, 'postgres.log'),
  );
  await until('PostgreSQL', () => {
    if (pg.exitCode !== null) throw new StartFailed(`PostgreSQL exited; see ${join(dir, 'postgres.log')}`);
    execFileSync(postgresBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    return true;
  });
  const psql = (sql: string, database = 'cadre') =>
    execFileSync(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        database,
        '-AtX',
        '-v',
        'ON_ERROR_STOP=1',
      ],
      { input: sql, encoding: 'utf8' },
    );
  psql("CREATE USER temporal WITH PASSWORD 'temporal' SUPERUSER", 'postgres');
  psql('CREATE DATABASE cadre OWNER temporal', 'postgres');
  return {
    port,
    url: `postgres://temporal:temporal@127.0.0.1:${port}/cadre`,
    dir,
    psql,
    async stop() {
      pg.kill('SIGTERM');
      await exited(pg);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
