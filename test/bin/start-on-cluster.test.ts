import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../cli/support';
import { freePort } from '../support/ports';
import { devServerEnvironment, freshDataDir } from '../support/temporal';

/**
 * `npm start` pointed at a Temporal cluster (TEMPORAL_ADDRESS; here a dev server this test starts, which
 * start.ts treats as any cluster), with a data folder that does not exist yet and no credentials
 * configured: it starts, mints no development token, says that every /v1 request will be refused until
 * credentials are configured, and logs in one format (issue 16).
 */
const root = resolve(__dirname, '../..');
const dataDir = join(freshDataDir(), 'data');
let env: TestWorkflowEnvironment;
let service: ChildProcess;
let stdout = '';
let stderr = '';
let ports: { api: number; codec: number; sdkMetrics: number };

beforeAll(async () => {
  env = await devServerEnvironment();
  ports = { api: await freePort(), codec: await freePort(), sdkMetrics: await freePort() };
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: env.address,
    CADRE_DATA_DIR: dataDir,
    CADRE_API_PORT: String(ports.api),
    CADRE_CODEC_PORT: String(ports.codec),
    CADRE_SDK_METRICS_ADDRESS: `127.0.0.1:${ports.sdkMetrics}`,
    CADRE_TASK_QUEUE: `cluster-start-${ports.api}`,
    LOG_LEVEL: 'info',
  };
  for (const name of [
    'CADRE_CREDENTIALS',
    'CADRE_CREDENTIALS_FILE',
    'TEMPORAL_PROFILE',
    'TEMPORAL_NAMESPACE',
  ])
    delete childEnv[name];
  service = spawn(process.execPath, ['--import', 'tsx', join(root, 'bin/start.ts')], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  service.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 150_000;
  while (!stdout.includes('Ctrl-C stops everything.')) {
    if (service.exitCode !== null) throw new Error(`the service exited: ${stdout}\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`the service did not start: ${stdout}\n${stderr}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}, 180_000);

afterAll(async () => {
  if (service && service.exitCode === null) {
    service.kill('SIGTERM');
    await once(service, 'exit');
  }
  await env?.teardown();
});

const api = (path: string) => fetch(`http://127.0.0.1:${ports.api}${path}`);

describe('npm start against a cluster, on a new data folder, with no credentials', () => {
  it('starts, mints no development token and says how to configure credentials', async () => {
    expect(stdout).not.toContain('Dev token');
    expect(stdout).toContain('API tokens     none configured');
    expect(readdirSync(dataDir)).not.toContain('dev-tokens.json');
    expect(existsSync(join(dataDir, 'credentials.json'))).toBe(false);
    expect((await api('/v1/cases')).status).toBe(401);
    // The warning is a log line, naming what to set.
    expect(stdout).toMatch(/"level":40,.*no API credentials configured.*CADRE_CREDENTIALS_FILE/);
  });

  it('is ready once its worker polls, and serves both metrics endpoints', async () => {
    await eventually(async () => (await api('/readyz')).status === 200, 60_000);
    const ready = (await (await api('/readyz')).json()) as { worker?: string };
    expect(ready.worker).toBe('RUNNING');
    expect(await (await api('/metrics')).text()).toContain(
      'cadre_api_requests_total{method="GET",route="/readyz"',
    );
    expect(stdout).toContain(`http://127.0.0.1:${ports.sdkMetrics}/metrics (Temporal SDK)`);
    const sdk = await fetch(`http://127.0.0.1:${ports.sdkMetrics}/metrics`);
    expect(await sdk.text()).toMatch(/^temporal_\w+\{/m);
  });

  it('logs in one format: every line but the banner is a pino JSON line, the SDK writes no other', () => {
    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    const logLines = lines.filter((line) => !line.startsWith('  '));
    expect(logLines.length).toBeGreaterThan(3);
    for (const line of logLines) expect(() => JSON.parse(line), line).not.toThrow();
    // The SDK's components are among them, under the service's name.
    const temporal = logLines.map((line) => JSON.parse(line)).filter((l) => l.component === 'temporal');
    expect(temporal.map((l) => l.sdkComponent)).toEqual(expect.arrayContaining(['worker', 'core']));
    // The SDK's DefaultLogger printed "2026-… [INFO] message" on stderr.
    expect(stderr).not.toMatch(/\[(INFO|WARN|ERROR)\]/);
  });
});
