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

export class FileRecordStore implements RecordStore {
  constructor(
    private readonly root: string,
    private readonly sealer: TextSealer,
  ) {}

  async archive(view: CaseView): Promise<string> {
    const base = join(this.root, view.department, view.caseId);
    await makePrivateFolder(dirname(base));
    await writeFileAtomically(
      `${base}.json`,
      `${this.sealer.seal(JSON.stringify(view, null, 2), 'record')}\n`,
    );
    await writeFileAtomically(
      `${base}.txt`,
      `${this.sealer.seal(renderRecordDocument(view), 'record-document')}\n`,
    );
    return `${base}.json`;
  }
}
