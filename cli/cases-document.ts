import { writeFileSync } from 'node:fs';
import { type DocumentKind, documentKinds, documentTitles } from '../documents/index';
import { type Connection, caseName, clientFor, parseCaseRef } from './connection';
import { run, UsageError } from './errors';
import type { Output } from './output';

export { documentKinds };
export const documentFormats = ['docx', 'text'] as const;

export interface CasesDocumentOptions extends Connection {
  /** "<department>/<caseId>" */
  ref: string;
  kind: string;
  /** docx (default): the Word file, written to a file; text: printed, or written with --out. */
  format?: string;
  /** The file to write; a .docx defaults to the Chinese file name the API gives, in the current folder. */
  out?: string;
}

export function casesDocument(options: CasesDocumentOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const key = parseCaseRef(options.ref);
    const kind = options.kind as DocumentKind;
    if (!documentKinds.includes(kind))
      throw new UsageError(`${options.kind}: write one of ${documentKinds.join(', ')}`);
    const format = (options.format ?? 'docx') as (typeof documentFormats)[number];
    if (!documentFormats.includes(format)) throw new UsageError(`--format ${format}: write docx or text`);
    const { bytes, fileName } = await clientFor(options).document(key, kind, format);
    if (format === 'text' && !options.out) {
      output.out(new TextDecoder().decode(bytes).replace(/\n$/, ''));
      return;
    }
    const file = options.out ?? fileName;
    try {
      writeFileSync(file, bytes);
    } catch (error) {
      throw new UsageError(`cannot write ${file}: ${(error as Error).message}`);
    }
    output.out(`已写入 ${documentTitles[kind].zh}（${caseName(key)}，${bytes.byteLength} 字节）：${file}`);
  });
}
