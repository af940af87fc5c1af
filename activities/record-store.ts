import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CaseView } from '../domain/case-view';
import { renderRecordDocument } from '../domain/record-document';
import { makePrivateFolder, writeFileAtomically } from './json-file-store';
import type { TextSealer } from './sealed-text';

/**
 * Where a closed case's record (纪实) is archived, so it outlives Temporal's retention. Production puts
 * it in the archive system (an object store with write-once retention); the embedded default writes
 * JSON and the readable document side by side under data/records/, each sealed (`npm run -s secrets --
 * open <file>` prints one).
 */
export interface RecordStore {
  /** Stores the record; returns where. Storing the same case twice overwrites it with the same content. */
  archive(view: CaseView): Promise<string>;
}

/** A case's archived record, opened: the view as it closed and the readable document. */
export interface ArchivedRecord {
  view: CaseView;
  document: string;
}

/** A record store that reads back what it archived: for operators' tools and tests. */
export interface RecordArchive extends RecordStore {
  read(department: string, caseId: string): Promise<ArchivedRecord | undefined>;
}

export const RECORD = 'record';
export const RECORD_DOCUMENT = 'record-document';

export class FileRecordStore implements RecordArchive {
  constructor(
    private readonly root: string,
    private readonly sealer: TextSealer,
  ) {}

  async archive(view: CaseView): Promise<string> {
    const base = join(this.root, view.department, view.caseId);
    await makePrivateFolder(dirname(base));
    await writeFileAtomically(`${base}.json`, `${this.sealer.seal(JSON.stringify(view, null, 2), RECORD)}\n`);
    await writeFileAtomically(
      `${base}.txt`,
      `${this.sealer.seal(renderRecordDocument(view), RECORD_DOCUMENT)}\n`,
    );
    return `${base}.json`;
  }

  async read(department: string, caseId: string): Promise<ArchivedRecord | undefined> {
    const base = join(this.root, department, caseId);
    try {
      const [record, document] = await Promise.all([
        readFile(`${base}.json`, 'utf8'),
        readFile(`${base}.txt`, 'utf8'),
      ]);
      return {
        view: JSON.parse(this.sealer.open(record.trim(), RECORD)) as CaseView,
        document: this.sealer.open(document.trim(), RECORD_DOCUMENT),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
