/**
 * A worker of a deployment: polls the task queue on a Temporal cluster (configured the Temporal way:
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE), keeps the
 * registry, outbox and record archive in PostgreSQL (CADRE_DATABASE_URL), seals with the shared keys
 * (CADRE_KEYS_DIR or CADRE_CODEC_KEY*). Run as many as the load needs; SIGTERM drains it. README, "Deployment".
 */
import { Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { config } from '../worker/config';
import { sharedKeyring, temporalConnection, workerPorts } from '../worker/deployment';
import { ensureSearchAttributes, waitForNamespace } from '../worker/namespace';
import { createCaseWorker } from '../worker/worker';

const log = pino({ name: 'cadre-worker', level: process.env.LOG_LEVEL || 'info' });

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  process.umask(0o077);
  const { connectionOptions, namespace } = temporalConnection();
  const { keyring, source } = sharedKeyring();
  const stores = await workerPorts(keyring, log);

  const connection = await Connection.connect(connectionOptions);
  await waitForNamespace(connection, namespace);
  // Through the operator API (Temporal Cloud refuses it: there, register them once with tcld or the UI).
  if (config.registerSearchAttributes) await ensureSearchAttributes(connection, namespace, log);
  await connection.close();

  const nativeConnection = await NativeConnection.connect(connectionOptions);
  const worker = await createCaseWorker({
    connection: nativeConnection,
    namespace,
    taskQueue: config.taskQueue,
    ports: stores.ports,
    keyring,
    maxCachedWorkflows: config.maxCachedWorkflows,
    workflowBundle: config.workflowBundle ? { codePath: config.workflowBundle } : undefined,
  });
  const running = worker.run();
  log.info(
    {
      temporal: connectionOptions.address,
      namespace,
      taskQueue: config.taskQueue,
      stores: stores.where,
      keys: source,
      current: keyring.currentId,
    },
    'worker polling',
  );

  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'worker stopping: finishing the tasks it holds');
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch((error) => log.error({ err: error }, 'worker stopped with an error'));
    await nativeConnection.close();
    await stores.close();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  running.catch((error) => {
    log.fatal({ err: error }, 'worker failed');
    void stop('worker-failure', 1);
  });
}

main().catch((error) => {
  log.fatal({ err: error }, 'the worker did not start');
  console.error(`\nThe worker did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
