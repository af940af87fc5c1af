import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DevServerRefused, startDevServer } from '../../worker/dev-server';
import { isAlive } from '../../worker/processes';
import { temporalCliPath } from '../../worker/temporal-binaries';
import { freePort } from '../support/ports';
import { freshDataDir } from '../support/temporal';

/**
 * The launcher of the embedded dev server: it never leaves a server behind, never takes a stranger's
 * port for its own, and clears its own orphan. No timing is asserted: waits poll for a state, bounded
 * only by the suite's timeouts.
 */
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** `node --import tsx`, not the tsx wrapper, so that the pid we kill is the launcher's own. */
const nodeWithTsx = [process.execPath, '--import', 'tsx'] as const;

async function until(condition: () => boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('the dev-server launcher', () => {
  it('refuses a port a stranger holds, and says whose it is', async () => {
    const stranger: Server = createServer().listen(0, '127.0.0.1');
    await once(stranger, 'listening');
    cleanups.push(() => new Promise((done) => stranger.close(done)));
    const port = (stranger.address() as { port: number }).port;
    const dataDir = freshDataDir();

    const refused = await startDevServer({
      dataDir,
      port,
      uiPort: await freePort(),
      namespace: 'default',
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DevServerRefused);
    expect((refused as Error).message).toContain(`Port ${port} is taken by pid ${process.pid}`);
    expect(existsSync(join(dataDir, 'temporal.pid'))).toBe(false);
  });

  it('its server dies with it, kill -9 included, and the next start comes up on the same data', async () => {
    const dataDir = freshDataDir();
    const ports = [await freePort(), await freePort()] as const;
    const [node, ...flags] = nodeWithTsx;
    const launcher = spawn(
      node,
      [...flags, join(__dirname, 'processes/dev-server.ts'), dataDir, ...ports.map(String)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(() => launcher.kill('SIGKILL'));
    const [line] = (await once(launcher.stdout, 'data')) as [Buffer];
    const { pid } = JSON.parse(line.toString()) as { pid: number };
    expect(JSON.parse(readFileSync(join(dataDir, 'temporal.pid'), 'utf8'))).toMatchObject({
      pid,
      launcherPid: launcher.pid,
    });

    launcher.kill('SIGKILL');
    await until(() => !isAlive(pid), 'the orphaned dev server to exit');

    // The pid file it left names a dead process: the next start comes up on the same ports and data.
    const again = await startDevServer({ dataDir, port: ports[0], uiPort: ports[1], namespace: 'default' });
    cleanups.push(() => again.stop());
    expect(again.pid).not.toBe(pid);
    await again.stop();
    expect(existsSync(join(dataDir, 'temporal.pid'))).toBe(false);
  });

  it('stops its own orphan (a server on this data file whose service is gone) before it starts', async () => {
    const dataDir = freshDataDir();
    const [port, uiPort] = [await freePort(), await freePort()];
    // An orphan as a platform without setpriv would leave it: the server on our data file, its service gone.
    const orphan = spawn(
      temporalCliPath(),
      [
        'server',
        'start-dev',
        '--headless',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--ui-port',
        String(uiPort),
        '--db-filename',
        join(dataDir, 'temporal.db'),
      ],
      { stdio: 'ignore' },
    );
    cleanups.push(() => orphan.kill('SIGKILL'));
    const orphanPid = orphan.pid as number;
    writeFileSync(
      join(dataDir, 'temporal.pid'),
      JSON.stringify({
        pid: orphanPid,
        launcherPid: 2 ** 22 + 1,
        dbFile: join(dataDir, 'temporal.db'),
        port,
        uiPort,
      }),
    );

    const server = await startDevServer({ dataDir, port, uiPort, namespace: 'default' });
    cleanups.push(() => server.stop());
    expect(isAlive(orphanPid)).toBe(false);
    expect(server.pid).not.toBe(orphanPid);
  });
});
