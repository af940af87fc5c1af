import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CaseView } from '../domain/case-view';
import { renderRecordDocument } from '../domain/record-document';
import { writeFileAtomically } from './json-file-store';

/**
 * Where a closed case's record (纪实) is archived, so it outlives Temporal's retention. Production puts
 * it in the archive system (an object store with write-once retention); the embedded default writes
 * JSON and the readable document side by side under data/records/.
 */
export interface RecordStore {
  /** Stores the record; returns where. Storing the same case twice overwrites it with the same content. */
  archive(view: CaseView): Promise<string>;
}

export class FileRecordStore implements RecordStore {
  constructor(private readonly root: string) {}

  async archive(view: CaseView): Promise<string> {
    const base = join(this.root, view.department, view.caseId);
    await mkdir(dirname(base), { recursive: true });
    await writeFileAtomically(`${base}.json`, `${JSON.stringify(view, null, 2)}\n`);
    await writeFileAtomically(`${base}.txt`, renderRecordDocument(view));
    return `${base}.json`;
  }
}
