import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { type Credential, hashToken, newToken } from '../../api/credentials';
import { type RunningApi, startApi } from '../../api/server';
import { builtInCalendar, coveredYears } from '../../machines/calendar';
import { clientDataConverter, workflowBundleConverters } from '../../security/data-converters';
import { freshKeyFile, Keyring } from '../../security/keyring';
import { apiMachines } from '../../worker/api-machines';
import { type DevServer, startDevServer } from '../../worker/dev-server';
import { waitForNamespace } from '../../worker/namespace';
import { bundleCaseWorkflows } from '../../worker/worker';
import type { WorkerKind } from './worker-child';
import { startWorkerHost, type WorkerHost } from './worker-host';

/**
 * What every measurement runs against: the project's own embedded dev server (startDevServer, so its
 * SQLite pragmas and search attributes) on a fresh data folder and free ports, a client, the three
 * workflow bundles built once, and the API (api/server.ts) on a free port, talking to the product queue.
 */
export interface BenchEnv {
  address: string;
  namespace: string;
  /** The run's payload keys: the client, the API and every worker seal with them. */
  keyring: Keyring;
  dataDir: string;
  client: Client;
  /** The product worker's task queue, which the API starts cases on. */
  productQueue: string;
  api: RunningApi;
  /** POST/GET against the API with the organization department's token. */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** The workflow bundles, built once per run, one per worker kind. */
  bundlePaths: Record<WorkerKind, string>;
  /** Forks a worker child of that kind polling `taskQueue`; env.stop() stops any still running. */
  startWorker(kind: WorkerKind, taskQueue: string): Promise<WorkerHost>;
  stop(): Promise<void>;
}

export interface EnvOptions {
  ports: 'memory' | 'file';
  cpuProfileDir?: string;
  keepData: boolean;
}

const benchWorkflowsPath = (kind: Exclude<WorkerKind, 'product'>) =>
  resolve(__dirname, `../workflows/${kind}.ts`);

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startEnv(options: EnvOptions): Promise<BenchEnv> {
  const root = mkdtempSync(join(tmpdir(), 'cadre-bench-'));
  const dataDir = join(root, 'data');
  const namespace = 'default';
  const [port, uiPort] = [await freePort(), await freePort()];
  const devServer: DevServer = await startDevServer({ dataDir, port, uiPort, namespace });
  const connection = await Connection.connect({ address: devServer.address });
  await waitForNamespace(connection, namespace);
  // Fresh payload keys per run, as every process of the service seals: the client, the API, each worker.
  const keyFile = freshKeyFile();
  const keyring = Keyring.fromFile(keyFile);
  const client = new Client({ connection, namespace, dataConverter: clientDataConverter(keyring) });

  // With --profile the bundles go beside the profiles, so bench/profile.ts can name the module behind a line.
  const bundleDir = options.cpuProfileDir ? join(options.cpuProfileDir, 'bundles') : join(root, 'bundles');
  mkdirSync(bundleDir, { recursive: true });
  const logger = new DefaultLogger('WARN');
  const bundles: Record<WorkerKind, string> = { product: '', baseline: '', sandbox: '' };
  for (const kind of ['product', 'baseline', 'sandbox'] as const) {
    const { code } =
      kind === 'product'
        ? await bundleCaseWorkflows({ logger })
        : await bundleWorkflowCode({
            workflowsPath: benchWorkflowsPath(kind),
            ...workflowBundleConverters,
            logger,
          });
    bundles[kind] = join(bundleDir, `${kind}.js`);
    writeFileSync(bundles[kind], code);
  }

  const workers = new Set<WorkerHost>();
  const productQueue = 'bench-product';
  const token = newToken();
  const credentials: Credential[] = [
    {
      id: 'od-bench',
      name: '组织部（基准测试）',
      role: 'organization_department',
      tokenSha256: hashToken(token),
    },
  ];
  // The API logs every request at info, as `npm start` does; the lines go to /dev/null, not to the table.
  const apiLogger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const api = await startApi(
    {
      client,
      taskQueue: productQueue,
      logger: apiLogger,
      credentials,
      builtInCalendarYears: coveredYears(builtInCalendar),
      machines: apiMachines(),
      rateLimitPerMinute: 1_000_000_000,
      // The bench measures throughput: on a loaded machine a start's read-back can queue past the
      // production deadline (15 s, api/temporal-connection.ts), which would fail the run with a 503.
      deadlines: { callMs: 120_000, actMs: 120_000 },
    },
    '127.0.0.1',
    0,
  );

  return {
    address: devServer.address,
    namespace,
    keyring,
    dataDir,
    client,
    productQueue,
    api,
    bundlePaths: bundles,
    async request(method, path, body) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async startWorker(kind, taskQueue) {
      const host = await startWorkerHost(kind, taskQueue, {
        address: devServer.address,
        namespace,
        bundlePath: bundles[kind],
        ports: options.ports,
        dataDir,
        cpuProfileDir: options.cpuProfileDir,
        keys: JSON.stringify(keyFile),
      });
      workers.add(host);
      const stop = host.stop;
      host.stop = async () => {
        workers.delete(host);
        await stop();
      };
      return host;
    },
    async stop() {
      for (const host of [...workers]) await host.stop().catch(() => undefined);
      await api.close();
      await connection.close();
      await devServer.stop();
      if (!options.keepData) rmSync(root, { recursive: true, force: true });
    },
  };
}
