/**
 * An API replica of a deployment: serves /v1 on CADRE_API_HOST:CADRE_API_PORT against a Temporal cluster
 * (configured the Temporal way, TEMPORAL_*), with the credentials, search key and payload keys every
 * replica shares (CADRE_KEYS_DIR or CADRE_CREDENTIALS*, CADRE_SEARCH_KEY, CADRE_CODEC_KEY*). Holds no state
 * of its own: run as many behind a load balancer as the load needs. README, "Deployment".
 */
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { apiConnectionOptions } from '../api/temporal-connection';
import { builtInCalendar, coveredYears } from '../machines/calendar';
import { clientDataConverter } from '../security/data-converters';
import { apiMachines } from '../worker/api-machines';
import { config } from '../worker/config';
import {
  sharedCredentials,
  sharedKeyring,
  sharedPageTokenKey,
  sharedSearchKey,
  temporalConnection,
} from '../worker/deployment';
import { waitForNamespace } from '../worker/namespace';

const log = pino({ name: 'cadre-api', level: process.env.LOG_LEVEL || 'info' });

async function main() {
  const { connectionOptions, namespace } = temporalConnection();
  const { keyring, source } = sharedKeyring();
  const credentials = sharedCredentials();
  const searchKey = sharedSearchKey();
  // api/visibility.ts takes its page-token key from the environment as it loads: set it first, then load.
  process.env.CADRE_PAGE_TOKEN_KEY = sharedPageTokenKey();
  const { startApi } = await import('../api/server');
  // The API's connection gives up on Temporal quickly and says 503 (api/temporal-connection.ts).
  const connection = await Connection.connect({ ...connectionOptions, ...apiConnectionOptions() });
  await waitForNamespace(connection, namespace);
  const client = new Client({ connection, namespace, dataConverter: clientDataConverter(keyring) });
  const api = await startApi(
    {
      client,
      taskQueue: config.taskQueue,
      logger: log,
      credentials,
      builtInCalendarYears: coveredYears(builtInCalendar),
      machines: apiMachines(),
      searchKey,
    },
    config.api.host,
    config.api.port,
  );
  log.info(
    {
      url: api.url,
      temporal: connectionOptions.address,
      namespace,
      taskQueue: config.taskQueue,
      keys: source,
      credentials: credentials.length,
    },
    'api listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'api stopping');
    await api.close();
    await connection.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  log.fatal({ err: error }, 'the API did not start');
  console.error(`\nThe API did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
