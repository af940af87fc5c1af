/**
 * The service in one process: the embedded Temporal dev server (unless TEMPORAL_ADDRESS or an envconfig
 * profile names a cluster), the worker, the HTTP API, and the codec server the Temporal UI decrypts cases
 * with. Ctrl-C stops all of it, in order.
 */
import { Client, Connection } from '@temporalio/client';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { hashToken, loadCredentials } from '../api/credentials';
import { ensureDevCredentials } from '../api/dev-credentials';
import { loadSearchKey } from '../api/name-keys';
import { startApi } from '../api/server';
import { apiConnectionOptions } from '../api/temporal-connection';
import { builtInCalendar, coveredYears } from '../machines/calendar';
import { startCodecServer } from '../security/codec-server';
import { clientDataConverter } from '../security/data-converters';
import { makePrivateTree } from '../security/files';
import { loadKeyring } from '../security/keyring';
import { apiMachines } from '../worker/api-machines';
import { config } from '../worker/config';
import { type DevServer, superviseDevServer } from '../worker/dev-server';
import { ensureSearchAttributes, raiseRetention, waitForNamespace } from '../worker/namespace';
import { createCaseWorker, embeddedPorts } from '../worker/worker';

const log = pino({ name: 'cadre', level: process.env.LOG_LEVEL || 'info' });

async function main() {
  // We stop things in order ourselves (API, worker, Temporal), so the SDK must not act on signals.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const profile = loadClientConfigProfile();
  // Whatever the service and its dev server create is their owner's only (the SQLite WAL too), and what an
  // earlier version left in the data folder is made so.
  process.umask(0o077);
  makePrivateTree(config.dataDir);
  const keys = loadKeyring(config.dataDir);
  log.info(
    {
      keys: keys.source,
      current: keys.keyring.currentId,
      held: keys.keyring.ids.length,
      created: keys.created,
    },
    'payload keys loaded',
  );
  const dataConverter = clientDataConverter(keys.keyring);
  const configured = Boolean(process.env.CADRE_CREDENTIALS || process.env.CADRE_CREDENTIALS_FILE);
  // Dev tokens only for the embedded dev server: against a real cluster, credentials are configured.
  const devTokens = configured || profile.address ? [] : ensureDevCredentials(config.dataDir);
  const credentials = loadCredentials(`${config.dataDir}/credentials.json`);
  if (credentials.length === 0) log.warn('no API credentials configured: every /v1 request will get 401');

  // The codec server first: the dev server's UI is told where it is.
  const operators = new Map(
    credentials.filter((c) => c.role === 'organization_department').map((c) => [c.tokenSha256, c]),
  );
  const uiPort = config.devServer.uiPort;
  const codecServer = await startCodecServer(
    {
      keyring: keys.keyring,
      namespace: profile.namespace ?? config.namespace,
      allowedOrigins: config.codecServer.uiOrigins ?? [
        `http://127.0.0.1:${uiPort}`,
        `http://localhost:${uiPort}`,
      ],
      authorize: (token) => operators.get(hashToken(token)),
      secureCookie: config.codecServer.publicUrl?.startsWith('https:') ?? false,
      log: (entry, message) => log.info(entry, message),
    },
    config.codecServer.host,
    config.codecServer.port,
  );
  const codecUrl = config.codecServer.publicUrl ?? codecServer.url;
  let devServer: DevServer | undefined;
  // Until the rest is up, a dev server that gives up just ends the start.
  let onGiveUp = (error: Error): void => {
    log.fatal({ err: error }, 'Temporal dev server failed');
    process.exit(1);
  };
  if (!profile.address) {
    log.info({ dataDir: config.dataDir }, 'starting the embedded Temporal dev server');
    // Supervised: restarted when it dies on its own, and if it keeps dying the service exits non-zero,
    // so whatever supervises the service restarts it (the dev server never outlives it: dev-server.ts).
    devServer = await superviseDevServer(
      {
        dataDir: config.dataDir,
        namespace: config.namespace,
        ...config.devServer,
        extraArgs: ['--ui-codec-endpoint', codecUrl],
      },
      {
        restarting: (info) => log.error(info, 'Temporal dev server died; starting it again on the same data'),
        gaveUp: (error) => onGiveUp(error),
      },
    );
  }
  const { connectionOptions, namespace = config.namespace } = toClientOptions({
    ...profile,
    address: profile.address ?? devServer?.address,
    namespace: profile.namespace ?? config.namespace,
  });

  // The API's connection gives up on Temporal quickly and says 503 (api/temporal-connection.ts).
  const connection = await Connection.connect({ ...connectionOptions, ...apiConnectionOptions() });
  await waitForNamespace(connection, namespace);
  if (devServer) await raiseRetention(connection, namespace, config.retentionDays, log);
  // Also on the dev server: a data file from an earlier version lacks the attributes added since.
  await ensureSearchAttributes(connection, namespace, log);

  const nativeConnection = await NativeConnection.connect(connectionOptions);
  const worker = await createCaseWorker({
    connection: nativeConnection,
    namespace,
    taskQueue: config.taskQueue,
    ports: embeddedPorts(config.dataDir, keys.keyring),
    keyring: keys.keyring,
    maxCachedWorkflows: config.maxCachedWorkflows,
  });
  const workerRun = worker.run();
  // Every payload the API sends is sealed, and the worker trusts only sealed events (workflows/trust.ts).
  const client = new Client({ connection, namespace, dataConverter });
  const api = await startApi(
    {
      client,
      taskQueue: config.taskQueue,
      logger: log,
      credentials,
      builtInCalendarYears: coveredYears(builtInCalendar),
      machines: apiMachines(),
      // Search by name hashes names with this key (CADRE_SEARCH_KEY, else data/search-key, made 0600).
      searchKey: loadSearchKey(config.dataDir),
    },
    config.api.host,
    config.api.port,
  );

  const banner = [
    '',
    '  干部选拔任用 · cadre appointment orchestrator is running',
    `  API            ${api.url}/v1/cases`,
    `  API docs       ${api.url}/docs   (OpenAPI: ${api.url}/openapi.json)`,
    `  Temporal       ${connectionOptions.address} namespace "${namespace}", task queue "${config.taskQueue}"`,
    devServer
      ? `  Temporal UI    ${devServer.uiUrl}/namespaces/${namespace}/workflows`
      : "  Temporal UI    (your cluster's)",
    `  Codec server   ${codecUrl}   (sign in there with an org token to read cases in the UI)`,
    `  Payload keys   ${keys.source} (current ${keys.keyring.currentId})`,
    devServer ? `  Data           ${config.dataDir}` : '',
    ...devTokens.map(
      (t) => `  Dev token      ${t.id} (${t.role}${t.department ? `, ${t.department}` : ''}): ${t.token}`,
    ),
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(banner.filter((line) => line !== '').join('\n'));

  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: API, worker, then Temporal');
    await api.close();
    await codecServer.close();
    worker.shutdown();
    await workerRun.catch((error) => log.error({ err: error }, 'worker stopped with an error'));
    await nativeConnection.close();
    await connection.close();
    await devServer?.stop();
    log.info('stopped');
    process.exit(exitCode);
  };
  onGiveUp = (error) => {
    log.fatal(
      { err: error },
      'Temporal dev server keeps failing: exiting, for a supervisor to restart the service',
    );
    void stop('dev-server-failure', 1);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  workerRun.catch((error) => {
    log.fatal({ err: error }, 'worker failed');
    void stop('worker-failure', 1);
  });
}

main().catch((error) => {
  log.fatal({ err: error }, 'failed to start');
  // Said plainly as well: a refused port or data folder is for a person to act on.
  console.error(`\nThe service did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
