import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import type { Logger } from 'pino';
import type { EffectPorts } from '../activities/effects';
import { openDatabase } from '../activities/postgres-database';
import { type Credential, loadCredentials } from '../api/credentials';
import { type Keyring, loadKeyring } from '../security/keyring';
import { config } from './config';
import { databasePorts } from './database-ports';
import { embeddedPorts } from './worker';

/**
 * What a process of a deployment (`npm run worker`, `npm run api`, `npm run codec-server`) is configured
 * with, beside Temporal's own envconfig: the secrets every process shares, read and never made (two
 * processes making their own keys would each seal what the other cannot open), and the database.
 *
 * Shared secrets come from CADRE_* variables or from one folder mounted read-only in every process,
 * CADRE_KEYS_DIR (default: the data folder): `codec-keys.json`, `search-key`, `credentials.json`.
 */

/** Temporal's connection the Temporal way: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS, API key, profiles. */
export function temporalConnection() {
  const profile = loadClientConfigProfile();
  const { connectionOptions, namespace = config.namespace } = toClientOptions({
    ...profile,
    address: profile.address ?? 'localhost:7233',
    namespace: profile.namespace ?? config.namespace,
  });
  return { connectionOptions, namespace };
}

const keysDir = (): string => config.keysDir ?? config.dataDir;

/** The payload and store keys: CADRE_CODEC_KEYS, CADRE_CODEC_KEY_FILE, else the keys folder's file. */
export function sharedKeyring(): { keyring: Keyring; source: string } {
  const file = join(keysDir(), 'codec-keys.json');
  if (!process.env.CADRE_CODEC_KEYS && !process.env.CADRE_CODEC_KEY_FILE && !existsSync(file)) {
    throw new Error(
      `No payload keys: set CADRE_CODEC_KEYS or CADRE_CODEC_KEY_FILE, or put codec-keys.json in the keys folder ${keysDir()} (CADRE_KEYS_DIR); every process needs the same`,
    );
  }
  const { keyring, source } = loadKeyring(keysDir(), { create: false });
  return { keyring, source };
}

/** The shortest search or page-token key taken: 32 characters, as api/name-keys.ts asks. */
const MIN_SEARCH_KEY = 32;

/**
 * The name-search key (api/name-keys.ts) every API replica must share: a replica with a key of its own
 * would find none of the cases the others hashed. CADRE_SEARCH_KEY, else the keys folder's `search-key`.
 */
export function sharedSearchKey(): string {
  const key = process.env.CADRE_SEARCH_KEY ?? readIfThere(join(keysDir(), 'search-key'));
  if (key === undefined) {
    throw new Error(
      `No search key: set CADRE_SEARCH_KEY or put one in ${join(keysDir(), 'search-key')} (every API replica needs the same)`,
    );
  }
  if (key.length < MIN_SEARCH_KEY)
    throw new Error(`the search key must be at least ${MIN_SEARCH_KEY} characters`);
  return key;
}

/**
 * The key of the list's page tokens (api/visibility.ts reads CADRE_PAGE_TOKEN_KEY): a page token one
 * replica gave must be taken by the next, whichever answers. CADRE_PAGE_TOKEN_KEY, else the keys folder's
 * `page-token-key`.
 */
export function sharedPageTokenKey(): string {
  const key = process.env.CADRE_PAGE_TOKEN_KEY ?? readIfThere(join(keysDir(), 'page-token-key'));
  if (key === undefined || key.length < MIN_SEARCH_KEY) {
    throw new Error(
      `No page-token key: set CADRE_PAGE_TOKEN_KEY or put one in ${join(keysDir(), 'page-token-key')} (at least ${MIN_SEARCH_KEY} characters; every API replica needs the same)`,
    );
  }
  return key;
}

/**
 * The API credentials (hashes only) every replica must agree on: CADRE_CREDENTIALS, CADRE_CREDENTIALS_FILE,
 * else the keys folder's `credentials.json`. None is an error: a replica without them would answer 401 to all.
 */
export function sharedCredentials(): Credential[] {
  const credentials = loadCredentials(join(keysDir(), 'credentials.json'));
  if (credentials.length === 0) {
    throw new Error(
      `No API credentials: set CADRE_CREDENTIALS or CADRE_CREDENTIALS_FILE, or put credentials.json in ${keysDir()}`,
    );
  }
  return credentials;
}

function readIfThere(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}

/**
 * The worker's stores: PostgreSQL when CADRE_DATABASE_URL names one (what several workers must share),
 * else the data folder's files, which one worker alone may use.
 */
export async function workerPorts(
  keyring: Keyring,
  log: Logger,
): Promise<{ ports: EffectPorts; where: string; close(): Promise<void> }> {
  if (config.databaseUrl) {
    const pool = await openDatabase(config.databaseUrl);
    const url = new URL(config.databaseUrl);
    return {
      ports: databasePorts(pool, keyring),
      where: `postgres://${url.host}${url.pathname}`,
      close: () => pool.end(),
    };
  }
  log.warn(
    { dataDir: config.dataDir },
    'no CADRE_DATABASE_URL: the stores are files in the data folder, which only one worker may use',
  );
  return {
    ports: embeddedPorts(config.dataDir, keyring),
    where: config.dataDir,
    close: async () => undefined,
  };
}
