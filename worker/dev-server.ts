import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { searchAttributeFlags } from '../workflows/search-attributes';
import { commandLineOf, describeListener, isAlive, isPortFree, listensOn, parentPidOf } from './processes';
import { temporalCliPath } from './temporal-binaries';

/**
 * The embedded Temporal: the CLI's dev server, bound to 127.0.0.1 (its gRPC frontend, Web UI, HTTP API and
 * metrics ports alike: test/security/secrets.test.ts checks every socket it listens on), keeping its state
 * in a SQLite file under the data folder so a restart loses nothing. The file, its WAL and shared-memory
 * files are its owner's only (0600): the server starts under umask 077. WAL with synchronous=NORMAL is durable across a
 * process crash and much faster than the default rollback journal (synchronous=OFF could lose commits).
 *
 * It never outlives the service, and is never confused with a stranger's server:
 * - it is started through `setpriv --pdeathsig TERM` (util-linux), so the kernel sends it SIGTERM the
 *   moment the service dies, kill -9 included. Node has no prctl of its own; setpriv sets
 *   PR_SET_PDEATHSIG and execs the server, which keeps the launcher's pid as its parent.
 * - it keeps a process group of its own, so Ctrl-C reaches the service first, which stops it in order.
 * - `data/temporal.pid` names it. A start that finds the pid alive, running the dev server on this very
 *   data file, with no live service as its parent, stops that orphan first (the belt to pdeathsig's braces:
 *   a platform without setpriv, or a crash between fork and exec); one whose parent is a live service
 *   refuses the data folder.
 * - a port that something else answers on is refused, naming who holds it; once ours answers, /proc must
 *   show that our process is the listener, and its exit before that is a failure, with its last words.
 */
export interface DevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** More flags for `temporal server start-dev` (tests: dynamic config). */
  extraArgs?: string[];
}

export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal', 'busy_timeout=5000'];

export interface DevServer {
  address: string;
  uiUrl: string;
  /** The server process (tests kill it to play a crash). */
  pid: number;
  /** Settles when the server process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** What the pid file holds: enough to tell our own server from a stranger's. */
interface PidRecord {
  pid: number;
  launcherPid: number;
  dbFile: string;
  port: number;
  uiPort: number;
  startedAt: string;
}

export class DevServerRefused extends Error {
  override name = 'DevServerRefused';
}

const pidFileOf = (dataDir: string) => resolve(dataDir, 'temporal.pid');
const dbFileOf = (dataDir: string) => resolve(dataDir, 'temporal.db');

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700);
  const dbFile = dbFileOf(options.dataDir);
  // A database from before modes were kept: SQLite gives its WAL and -shm files the database's own mode.
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
  await clearOrphan(options.dataDir, dbFile);
  for (const [flag, port] of [
    ['TEMPORAL_DEV_PORT', options.port],
    ['TEMPORAL_UI_PORT', options.uiPort],
  ] as const) {
    if (!(await isPortFree(port))) {
      throw new DevServerRefused(
        `Port ${port} is taken by ${describeListener(port)}, which is not this service's dev server ` +
          `(data folder ${options.dataDir}). Refusing to use it: stop that process, or set ${flag}.`,
      );
    }
  }

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--db-filename',
    dbFile,
    '--namespace',
    options.namespace,
    '--ui-disable-news-fetch',
    '--log-level',
    'warn',
    ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...searchAttributeFlags().flatMap((flag) => ['--search-attribute', flag]),
    ...(options.extraArgs ?? []),
  ];
  const binary = temporalCliPath();
  const withDeathSignal = process.platform === 'linux' && existsSync(SETPRIV);
  const child = withUmask(0o077, () =>
    spawn(
      withDeathSignal ? SETPRIV : binary,
      withDeathSignal ? ['--pdeathsig', 'TERM', '--', binary, ...args] : args,
      // Its own process group, so Ctrl-C reaches us first and we stop it in order.
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    ),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // Settles on 'exit' whatever happens, and on a failed spawn too (no pid, 'error' only).
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
    child.once('error', (error) => {
      stderr += String(error);
      done({ code: -1, signal: null });
    });
  });
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    throw new Error(`Temporal dev server did not start: ${stderr}`);
  }
  const pidFile = pidFileOf(options.dataDir);
  const record: PidRecord = {
    pid,
    launcherPid: process.pid,
    dbFile,
    port: options.port,
    uiPort: options.uiPort,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(pidFile, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  void exited.then(() => removePidFileIfOurs(pidFile, pid));

  const ready = await Promise.race([
    waitForPort(options.port, 60_000, () => child.exitCode === null && child.signalCode === null).then(
      () => true,
    ),
    exited.then(() => false),
  ]);
  if (!ready || child.exitCode !== null) {
    throw new Error(`Temporal dev server exited before it was ready. Its last words:\n${stderr}`);
  }
  if (listensOn(pid, options.port) === false) {
    await stopProcess(child, exited);
    throw new DevServerRefused(
      `Port ${options.port} answered, but not from our dev server (pid ${pid}): ${describeListener(options.port)} ` +
        `took it. Refusing to use it.\nOur server's last words:\n${stderr}`,
    );
  }
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    pid,
    exited,
    stop: () => stopProcess(child, exited),
  };
}

const SETPRIV = '/usr/bin/setpriv';

/**
 * Runs `start` (a spawn) under `mask`: a child inherits the umask at fork, so the files the dev server
 * creates are private whatever this process's own umask is. Worker threads may not set it; they keep theirs.
 */
function withUmask<T>(mask: number, start: () => T): T {
  let saved: number | undefined;
  try {
    saved = process.umask(mask);
  } catch {}
  try {
    return start();
  } finally {
    if (saved !== undefined) process.umask(saved);
  }
}

function readPidFile(path: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

function removePidFileIfOurs(path: string, pid: number) {
  if (readPidFile(path)?.pid === pid) rmSync(path, { force: true });
}

/**
 * A pid file left by an earlier start: if it names a live dev server on this data file whose service is
 * gone, stop it (it holds the SQLite file and the ports); if its service is alive, refuse the folder.
 * A pid reused by an unrelated process does not run the dev server on our data file, so it is left alone.
 */
async function clearOrphan(dataDir: string, dbFile: string): Promise<void> {
  const pidFile = pidFileOf(dataDir);
  const record = readPidFile(pidFile);
  if (!record) return;
  const commandLine = isAlive(record.pid) ? commandLineOf(record.pid) : undefined;
  const ours = commandLine?.includes(dbFile) && commandLine.includes('start-dev');
  if (!ours) {
    rmSync(pidFile, { force: true });
    return;
  }
  if (record.launcherPid !== process.pid && parentPidOf(record.pid) === record.launcherPid) {
    throw new DevServerRefused(
      `The data folder ${dataDir} is in use by a running service (pid ${record.launcherPid}, its dev server pid ${record.pid}). ` +
        'Stop that one first, or set CADRE_DATA_DIR.',
    );
  }
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isAlive(record.pid) && Date.now() < deadline) await delay(100);
  if (isAlive(record.pid)) process.kill(record.pid, 'SIGKILL');
  while (isAlive(record.pid)) await delay(50);
  rmSync(pidFile, { force: true });
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), delay(15_000).then(() => false)]);
  if (!killed) child.kill('SIGKILL');
  await exited;
}

/** Resolves once the port answers; gives up when `stillWorth()` turns false or time runs out. */
function waitForPort(port: number, timeoutMs: number, stillWorth: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, fail) => {
    const attempt = () => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        done();
      });
      socket.once('error', () => {
        socket.destroy();
        if (!stillWorth()) fail(new Error('the dev server exited'));
        else if (Date.now() > deadline) fail(new Error(`Temporal did not listen on port ${port} in time`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

export interface SupervisionEvents {
  /** The server died on its own and is being started again. */
  restarting(info: { pid: number; code: number | null; signal: string | null; restart: number }): void;
  /** It died too often, or could not be started again: the service should exit, for its supervisor. */
  gaveUp(error: Error): void;
}

/**
 * The dev server, started again when it dies on its own (a crash, an OOM kill, kill -9): up to
 * `maxRestarts` in `windowMs`, then `gaveUp`, so that a service whose Temporal cannot stay up exits clearly
 * and its own supervisor (systemd, a container runtime) takes over. Its address never changes.
 */
export async function superviseDevServer(
  options: DevServerOptions,
  events: SupervisionEvents,
  policy = { maxRestarts: 5, windowMs: 60_000 },
): Promise<DevServer> {
  let current = await startDevServer(options);
  let stopping = false;
  let restarting: Promise<unknown> = Promise.resolve();
  const restarts: number[] = [];
  let settle: (value: { code: number | null; signal: NodeJS.Signals | null }) => void = () => {};
  const finallyExited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    settle = done;
  });
  const watch = (server: DevServer) => {
    void server.exited.then(async (how) => {
      if (stopping) return settle(how);
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && (restarts[0] as number) < now - policy.windowMs) restarts.shift();
      if (restarts.length > policy.maxRestarts) {
        settle(how);
        return events.gaveUp(
          new Error(`Temporal dev server died ${restarts.length} times in ${policy.windowMs / 1000} s`),
        );
      }
      events.restarting({ pid: server.pid, ...how, restart: restarts.length });
      await delay(500);
      if (stopping) return settle(how);
      const restarted = startDevServer(options);
      restarting = restarted.catch(() => undefined);
      try {
        current = await restarted;
        watch(current);
      } catch (error) {
        settle(how);
        events.gaveUp(error as Error);
      }
    });
  };
  watch(current);
  return {
    address: current.address,
    uiUrl: current.uiUrl,
    get pid() {
      return current.pid;
    },
    exited: finallyExited,
    stop: async () => {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));
