import { isOpenFailure, type Keyring } from './keyring';

/**
 * Seals the text the embedded stores write (records, the outbox, the personnel registry): one line,
 * `cadre-sealed:v1:<purpose>:<key id>:<base64url of IV, ciphertext, tag>`, under the keyring's current key,
 * the purpose authenticated with it (a registry cannot be passed off as a record). Text that does not start
 * with the prefix was written before sealing existed, and opens as it is.
 */
const PREFIX = 'cadre-sealed:v1:';
const PURPOSE = /^[a-z][a-z0-9-]{0,31}$/;

export const isSealedText = (stored: string): boolean => stored.startsWith(PREFIX);

/** The activities' TextSealer port (activities/sealed-text.ts), by its shape: security/ imports no activities. */
export class KeyringTextSealer {
  constructor(private readonly keyring: Keyring) {}

  seal(plaintext: string, purpose: string): string {
    if (!PURPOSE.test(purpose)) throw new Error(`not a purpose: ${JSON.stringify(purpose)}`);
    const { keyId, sealed } = this.keyring.seal(Buffer.from(plaintext, 'utf8'), `file\0${purpose}`);
    return `${PREFIX}${purpose}:${keyId}:${sealed.toString('base64url')}`;
  }

  open(stored: string, purpose: string): string {
    if (!isSealedText(stored)) return stored;
    const opened = openSealedText(this.keyring, stored);
    if (opened.purpose !== purpose) {
      throw new Error(`sealed text is a ${opened.purpose}, not a ${purpose}`);
    }
    return opened.text;
  }
}

/** Opens a sealed line whatever its purpose (the `npm run secrets -- open` tool); throws why not. */
export function openSealedText(
  keyring: Keyring,
  stored: string,
): { purpose: string; keyId: string; text: string } {
  const [purpose = '', keyId = '', data = ''] = stored.trim().slice(PREFIX.length).split(':');
  const opened = keyring.open(keyId, Buffer.from(data, 'base64url'), `file\0${purpose}`);
  if (isOpenFailure(opened)) throw new Error(`sealed text did not open: ${opened.reason}`);
  return { purpose, keyId, text: opened.toString('utf8') };
}
