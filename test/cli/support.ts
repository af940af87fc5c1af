import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** Waits for Temporal visibility (listing, ledger) to show what was just written. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('visibility did not catch up in time');
    await new Promise((done) => setTimeout(done, 200));
  }
}

const root = resolve(__dirname, '../..');
const tsxCli = createRequire(__filename).resolve('tsx/cli');

/** Runs the real CLI as a process, the way an operator does (`npm run cli --` is `tsx bin/cli.ts`). */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [tsxCli, 'bin/cli.ts', ...args],
      { cwd: root, env: { ...process.env, CADRE_API_URL: undefined, CADRE_TOKEN: undefined, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A port nothing listens on (it was free a moment ago), for "the API is down". */
export function closedPort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
