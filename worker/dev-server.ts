import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { searchAttributeFlags } from '../workflows/search-attributes';
import { temporalCliPath } from './temporal-binaries';

/**
 * The embedded Temporal: the CLI's dev server, bound to 127.0.0.1, keeping its state in a SQLite file
 * under the data folder so a restart loses nothing. WAL with synchronous=NORMAL is durable across a
 * process crash and much faster than the default rollback journal (synchronous=OFF could lose commits).
 */
export interface DevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** Where the server's own log goes; it is chatty. */
  logFile?: string;
}

export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal', 'busy_timeout=5000'];

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  mkdirSync(options.dataDir, { recursive: true });
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
    resolve(options.dataDir, 'temporal.db'),
    '--namespace',
    options.namespace,
    '--ui-disable-news-fetch',
    '--log-level',
    'warn',
    ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...searchAttributeFlags().flatMap((flag) => ['--search-attribute', flag]),
  ];
  const child = spawn(temporalCliPath(), args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, so Ctrl-C reaches us first and we stop it in order.
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const ready = await Promise.race([
    waitForPort(options.port, 60_000).then(() => true),
    exited.then(() => false),
  ]);
  if (!ready) {
    throw new Error(`Temporal dev server exited before it was ready. Its last words:\n${stderr}`);
  }
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    stop: () => stopProcess(child, exited),
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), delay(15_000).then(() => false)]);
  if (!killed) child.kill('SIGKILL');
  await exited;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
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
        if (Date.now() > deadline) fail(new Error(`Temporal did not listen on port ${port} in time`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));
