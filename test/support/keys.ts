import type { Payload } from '@temporalio/common';
import { clientDataConverter } from '../../security/data-converters';
import { freshKeyFile, Keyring, readKeyFile } from '../../security/keyring';
import { SealingCodec } from '../../security/payload-codec';
import { KeyringTextSealer } from '../../security/text-sealer';

/**
 * The payload keys of a test process: fresh random ones, shared by every client and worker the process
 * makes (test/support/temporal.ts, service.ts), as `npm start` shares one keyring. A child process gets the
 * same keys through CADRE_CODEC_KEYS (`testKeysEnv`). With CADRE_CODEC_KEY_FILE set, that file's keys
 * (scripts/record-histories.ts records under the committed fixture key).
 */
const keyFile = process.env.CADRE_CODEC_KEY_FILE
  ? readKeyFile(process.env.CADRE_CODEC_KEY_FILE)
  : freshKeyFile();
export const testKeyring = Keyring.fromFile(keyFile);
export const testKeysEnv = { CADRE_CODEC_KEYS: JSON.stringify(keyFile) };
/** Seals the embedded stores' files, as the worker's ports do. */
export const testSealer = new KeyringTextSealer(testKeyring);
/** For every client a test makes of its own. */
export const testDataConverter = () => clientDataConverter(testKeyring);

/** The JSON value a payload of a history holds, opened with the test's keys (tests that read raw history). */
export function openedPayload(payload: Payload | null | undefined): unknown {
  const opened = new SealingCodec(testKeyring).openOne(payload ?? {}, undefined);
  return JSON.parse(Buffer.from(opened.data ?? []).toString());
}
