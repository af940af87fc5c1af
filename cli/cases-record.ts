import { writeFileSync } from 'node:fs';
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
  /** Write to this file instead of stdout. */
  out?: string;
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
      output.out(document.replace(/\n$/, ''));
      return;
    }
    try {
      writeFileSync(options.out, document);
    } catch (error) {
      throw new UsageError(`cannot write ${options.out}: ${(error as Error).message}`);
    }
    output.out(
      `Wrote the record of ${caseName(key)} (${format}, ${Buffer.byteLength(document)} bytes) to ${options.out}`,
    );
  });
}
