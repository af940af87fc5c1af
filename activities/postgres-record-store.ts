import type { Pool } from 'pg';
import type { CaseView } from '../domain/case-view';
import { renderRecordDocument } from '../domain/record-document';
import { openRow } from './postgres-database';
import { type ArchivedRecord, RECORD, RECORD_DOCUMENT, type RecordArchive } from './record-store';
import type { TextSealer } from './sealed-text';

/**
 * The record archive in PostgreSQL: one row per case, the view and the readable document each sealed as
 * FileRecordStore seals its two files. Archiving a case again writes the same row (the file store
 * overwrites its files the same way), so a retried activity leaves one record.
 */
export class PostgresRecordStore implements RecordArchive {
  constructor(
    private readonly pool: Pool,
    private readonly sealer: TextSealer,
  ) {}

  async archive(view: CaseView): Promise<string> {
    await this.pool.query(
      `INSERT INTO cadre_records (department, case_id, record, document) VALUES ($1, $2, $3, $4)
       ON CONFLICT (department, case_id)
       DO UPDATE SET record = EXCLUDED.record, document = EXCLUDED.document, archived_at = now()`,
      [
        view.department,
        view.caseId,
        this.sealer.seal(JSON.stringify(view), RECORD),
        this.sealer.seal(renderRecordDocument(view), RECORD_DOCUMENT),
      ],
    );
    return `postgres:cadre_records/${view.department}/${view.caseId}`;
  }

  async read(department: string, caseId: string): Promise<ArchivedRecord | undefined> {
    const { rows } = await this.pool.query<{ record: string; document: string }>(
      'SELECT record, document FROM cadre_records WHERE department = $1 AND case_id = $2',
      [department, caseId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const view = openRow<CaseView>(
      this.sealer.open(row.record, RECORD),
      (v) => v.department === department && v.caseId === caseId,
      'cadre_records',
    );
    return { view, document: this.sealer.open(row.document, RECORD_DOCUMENT) };
  }
}
