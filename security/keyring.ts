import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * The keys that seal what the service stores: Temporal payloads (payload-codec.ts) and the files the
 * embedded stores write (text-sealer.ts). AES-256-GCM, authenticated encryption: a sealed value names the
 * id of the key that sealed it, and opens only under that key, unaltered.
 *
 * One key is current and seals everything new; the others only open what they sealed before. Rotation adds
 * a key and makes it current, and keeps the old ones for as long as anything sealed by them is kept
 * (histories for the namespace's retention, archived records for good): README, "Secrets".
 */

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Key ids travel in payload metadata and in sealed lines (`cadre-sealed:v1:<id>:…`): no colon, short. */
const keyIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id is 1 to 64 letters, digits, ".", "_" or "-"');

const keyFileSchema = z
  .object({
    current: keyIdSchema,
    keys: z
      .array(
        z.object({
          id: keyIdSchema,
          /** 32 random bytes, base64. */
          key: z.string().refine((text) => Buffer.from(text, 'base64').length === KEY_BYTES, {
            message: `a key is ${KEY_BYTES} bytes, base64-encoded`,
          }),
          createdAt: z.string().optional(),
        }),
      )
      .min(1),
  })
  .refine((file) => file.keys.some((k) => k.id === file.current), {
    message: '"current" names none of the keys',
    path: ['current'],
  })
  .refine((file) => new Set(file.keys.map((k) => k.id)).size === file.keys.length, {
    message: 'two keys share an id',
    path: ['keys'],
  });
export type KeyFile = z.infer<typeof keyFileSchema>;

/** Why a sealed value did not open: for refusals and errors, never secret. */
export type OpenFailure = { reason: string };

export class Keyring {
  private readonly keys: Map<string, Buffer>;

  constructor(
    readonly currentId: string,
    keys: Iterable<[string, Buffer]>,
  ) {
    this.keys = new Map(keys);
    if (!this.keys.has(currentId)) throw new Error(`the current key "${currentId}" is not in the keyring`);
  }

  static fromFile(file: KeyFile): Keyring {
    return new Keyring(
      file.current,
      file.keys.map((k) => [k.id, Buffer.from(k.key, 'base64')]),
    );
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }

  has(id: string): boolean {
    return this.keys.has(id);
  }

  /**
   * Seals `plaintext` under the current key. `context` is authenticated, not encrypted: the value opens only
   * with the same context (what the value is for, the workflow it belongs to), so it cannot be moved.
   */
  seal(plaintext: Uint8Array, context: string): { keyId: string; sealed: Buffer } {
    const keyId = this.currentId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(keyId) as Buffer, iv);
    cipher.setAAD(additionalData(keyId, context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId, sealed: Buffer.concat([iv, body, cipher.getAuthTag()]) };
  }

  /** The plaintext, or why not: a key this keyring lacks, or a value altered, moved or sealed by another key. */
  open(keyId: string, sealed: Uint8Array, context: string): Buffer | OpenFailure {
    const key = this.keys.get(keyId);
    if (!key) return { reason: `sealed by key "${keyId}", which this keyring does not hold` };
    if (sealed.length < IV_BYTES + TAG_BYTES) return { reason: 'too short to be a sealed value' };
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(additionalData(keyId, context));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      return {
        reason: `does not authenticate under key "${keyId}": altered, moved, or sealed by another key of that id`,
      };
    }
  }
}

export const isOpenFailure = (value: Buffer | OpenFailure): value is OpenFailure => !Buffer.isBuffer(value);

/** Domain separation: the scheme's version and the key id, then what the caller binds the value to. */
const additionalData = (keyId: string, context: string) => Buffer.from(`cadre-seal/v1\0${keyId}\0${context}`);

const today = () => new Date().toISOString().slice(0, 10).replaceAll('-', '');
const newKeyId = (): string => `k${today()}-${randomBytes(3).toString('hex')}`;
const newKey = () => ({
  id: newKeyId(),
  key: randomBytes(KEY_BYTES).toString('base64'),
  createdAt: new Date().toISOString(),
});

function parseKeyFile(text: string, where: string): KeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Codec keys (${where}) are not JSON`);
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Codec keys (${where}) are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Writes a key file readable by its owner only, atomically (temp file + rename). */
function writeKeyFile(path: string, file: KeyFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

export const defaultKeyFile = (dataDir: string): string => join(dataDir, 'codec-keys.json');

export interface LoadedKeyring {
  keyring: Keyring;
  /** Where the keys came from, for the log: the variable or the file, never a key. */
  source: string;
  /** The embedded default's file was created by this call (first start). */
  created: boolean;
  /** The file keys are kept in, when they come from one (for `npm run secrets`). */
  file?: string;
}

/**
 * The keyring from configuration:
 * - `CADRE_CODEC_KEYS`: the key file's JSON itself (a secret store's environment variable);
 * - `CADRE_CODEC_KEY_FILE`: the path of a key file (a mounted secret);
 * - neither: the embedded default, `<dataDir>/codec-keys.json`, created with one fresh key (mode 0600) on
 *   first start. Production configures one of the first two, and keeps the keys out of the data folder's
 *   backups.
 */
export function loadKeyring(
  dataDir: string,
  { env = process.env, create = true }: { env?: NodeJS.ProcessEnv; create?: boolean } = {},
): LoadedKeyring {
  if (env.CADRE_CODEC_KEYS) {
    return {
      keyring: Keyring.fromFile(parseKeyFile(env.CADRE_CODEC_KEYS, 'CADRE_CODEC_KEYS')),
      source: 'CADRE_CODEC_KEYS',
      created: false,
    };
  }
  const configured = env.CADRE_CODEC_KEY_FILE;
  const file = configured || defaultKeyFile(dataDir);
  if (!existsSync(file)) {
    if (configured) throw new Error(`CADRE_CODEC_KEY_FILE names ${file}, which does not exist`);
    if (!create)
      throw new Error(`No codec keys: ${file} does not exist (set CADRE_CODEC_KEY_FILE or CADRE_DATA_DIR?)`);
    const key = newKey();
    writeKeyFile(file, { current: key.id, keys: [key] });
    return { keyring: Keyring.fromFile(readKeyFile(file)), source: file, created: true, file };
  }
  // The embedded default's file is ours: keep it private even if something loosened it.
  if (!configured && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { keyring: Keyring.fromFile(readKeyFile(file)), source: file, created: false, file };
}

export const readKeyFile = (path: string): KeyFile => parseKeyFile(readFileSync(path, 'utf8'), path);

/**
 * Adds a fresh key to a key file. `makeCurrent`: it seals from now on (one process, or the second step of
 * a rolling rotation); otherwise it only opens, until every process holds it (the first step).
 */
export function addKey(path: string, makeCurrent: boolean): { added: string; current: string } {
  const file = readKeyFile(path);
  const key = newKey();
  const next: KeyFile = { current: makeCurrent ? key.id : file.current, keys: [key, ...file.keys] };
  writeKeyFile(path, next);
  return { added: key.id, current: next.current };
}

/** Makes a key the file already holds the current one. */
export function useKey(path: string, id: string): void {
  const file = readKeyFile(path);
  if (!file.keys.some((k) => k.id === id)) {
    throw new Error(`${path} holds no key "${id}" (it holds ${file.keys.map((k) => k.id).join(', ')})`);
  }
  writeKeyFile(path, { ...file, current: id });
}

/** A keyring of fresh random keys, in memory (tests, and tools that must not touch a key file). */
export function freshKeyFile(): KeyFile {
  const key = newKey();
  return { current: key.id, keys: [key] };
}
