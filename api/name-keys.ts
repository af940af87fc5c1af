import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type CadreNameKeys, nameSearchKey, normalisedName } from '../domain/search-keys';

/**
 * The keyed hash that lets a case be found by a cadre's name while no name reaches Temporal visibility
 * (domain/search-keys.ts). The key is the API's alone: the workflow sandbox has none, so the API hashes
 * the names a start or an event brings in and hands the workflow the digests.
 *
 * The key must stay the same for as long as cases are searched: a new key finds none of the cases
 * hashed with the old one. From CADRE_SEARCH_KEY (at least 32 characters), else a key file in the data
 * folder, made with 32 random bytes and mode 0600 on first start.
 */
export type NameHasher = (name: string) => string;

const KEY_FILE = 'search-key';
const MIN_KEY_LENGTH = 32;

export function loadSearchKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CADRE_SEARCH_KEY;
  if (configured !== undefined) {
    if (configured.length < MIN_KEY_LENGTH)
      throw new Error(`CADRE_SEARCH_KEY must be at least ${MIN_KEY_LENGTH} characters`);
    return configured;
  }
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < MIN_KEY_LENGTH)
    throw new Error(`${file} holds no usable key; remove it to make a new one`);
  return key;
}

/**
 * The hasher of a running API. Without a key from its starter (bin/start.ts passes the data folder's)
 * it takes CADRE_SEARCH_KEY, else draws one for this process only, and says so: cases it hashed are
 * then found by name only while it runs (tests, benches).
 */
export function nameHasher(key: string | undefined, logger?: Logger): NameHasher {
  let secret = key ?? process.env.CADRE_SEARCH_KEY;
  if (secret === undefined) {
    logger?.warn(
      'no search key configured (CADRE_SEARCH_KEY): name search finds only the cases this process started',
    );
    secret = randomBytes(32).toString('base64url');
  }
  const hmacKey = secret;
  // 128 bits of the HMAC: no two names collide in practice, and the attribute stays small.
  return (name) =>
    createHmac('sha256', hmacKey).update(normalisedName(name), 'utf8').digest('base64url').slice(0, 22);
}

/** The `name:` search key for a name, as the list route looks it up. */
export const nameLookupKey = (hash: NameHasher, name: string): string => nameSearchKey(hash(name));

/**
 * The digests for the cadres a start or an event body brings in, by cadre id: the case's cadre (rotation,
 * demotion, probation) and a nominee (a promotion's NOMINATED). Nothing else in a body is a cadre's name.
 */
export function nameKeysOf(hash: NameHasher, body: Record<string, unknown>): CadreNameKeys {
  const keys: CadreNameKeys = {};
  for (const field of ['cadre', 'nominee']) {
    const person = body[field] as { id?: unknown; name?: unknown } | undefined;
    if (typeof person?.id === 'string' && typeof person.name === 'string')
      keys[person.id] = hash(person.name);
  }
  return keys;
}
