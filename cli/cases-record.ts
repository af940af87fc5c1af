import { chmodSync, writeFileSync } from 'node:fs';
import { loadKeyring } from '../security/keyring';
import { KeyringTextSealer } from '../security/text-sealer';
import { dataDir } from '../worker/temporal-binaries';
import { type Connection, caseName, clientFor, parseCaseRef } from './connection';
import { run, UsageError } from './errors';
import { json } from './format';
import type { Output } from './output';

export const recordFormats = ['text', 'json'] as const;

export interface CasesRecordOptions extends Connection {
  /** "<department>/<caseId>" */
  ref: string;
  /** text (default): the readable Chinese document; json: the record entries. */
  format?: string;
  /** Write to this file instead of stdout: its owner's only (0600). */
  out?: string;
  /** Seal the file with the service's payload keys (CADRE_CODEC_KEY_FILE, …, as `npm start` finds them). */
  seal?: boolean;
}

export function casesRecord(options: CasesRecordOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const key = parseCaseRef(options.ref);
    const format = options.format ?? 'text';
    if (!(recordFormats as readonly string[]).includes(format)) {
      throw new UsageError(`--format ${format}: write text or json`);
    }
    const client = clientFor(options);
    let document: string;
    if (format === 'text') {
      document = await client.recordDocument(key);
    } else {
      // The client has no JSON export call; the case view carries the same record the export route serves.
      const view = await client.getCase(key);
      document = `${json({ workflowId: view.workflowId, record: view.record })}\n`;
    }
    if (!options.out) {
      if (options.seal) throw new UsageError('--seal seals a file: give --out <file>');
      output.out(document.replace(/\n$/, ''));
      return;
    }
    let sealed = document;
    if (options.seal) {
      let sealer: KeyringTextSealer;
      try {
        sealer = new KeyringTextSealer(loadKeyring(dataDir(), { create: false }).keyring);
      } catch (error) {
        throw new UsageError(`--seal: ${(error as Error).message}`);
      }
      sealed = `${sealer.seal(document, format === 'text' ? 'record-document' : 'record')}\n`;
    }
    try {
      // A record names cadres and reporters: the export is its owner's only, whatever the umask.
      writeFileSync(options.out, sealed, { mode: 0o600 });
      chmodSync(options.out, 0o600);
    } catch (error) {
      throw new UsageError(`cannot write ${options.out}: ${(error as Error).message}`);
    }
    output.out(
      `Wrote the record of ${caseName(key)} (${format}${options.seal ? ', sealed' : ''}, ${Buffer.byteLength(sealed)} bytes) to ${options.out}`,
    );
  });
}
