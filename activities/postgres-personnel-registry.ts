import type { Pool } from 'pg';
import type { Assignment, MeasureOnFile, PersonnelRegistry } from './personnel-registry';
import { openRow } from './postgres-database';
import type { TextSealer } from './sealed-text';

const ASSIGNMENT = 'registry-assignment';
const MEASURE = 'registry-measure';

type Row = { workflow_id: string; step: string; sealed: string };

/** The opened value is the row's own: its cadre, case and step are the row's key. */
const belongsTo =
  (cadreId: string, row: Row) => (value: { cadreId: string; basis: { workflowId: string; step: string } }) =>
    value.cadreId === cadreId && value.basis.workflowId === row.workflow_id && value.basis.step === row.step;

/**
 * The personnel registry in PostgreSQL (activities/postgres-database.ts), one row per cadre, case and step:
 * the same step written twice stays one row (ON CONFLICT DO NOTHING), as FilePersonnelRegistry keeps it
 * once. The post, status, date and measure are sealed; the cadre id, workflow id and step stay clear,
 * for the key.
 */
export class PostgresPersonnelRegistry implements PersonnelRegistry {
  constructor(
    private readonly pool: Pool,
    private readonly sealer: TextSealer,
  ) {}

  async current(cadreId: string): Promise<Assignment | undefined> {
    return (await this.history(cadreId)).at(-1);
  }

  async history(cadreId: string): Promise<Assignment[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT workflow_id, step, sealed FROM cadre_registry_assignments WHERE cadre_id = $1 ORDER BY seq',
      [cadreId],
    );
    return rows.map((row) =>
      openRow<Assignment>(
        this.sealer.open(row.sealed, ASSIGNMENT),
        belongsTo(cadreId, row),
        'cadre_registry_assignments',
      ),
    );
  }

  async assign(assignment: Assignment): Promise<void> {
    await this.pool.query(
      `INSERT INTO cadre_registry_assignments (cadre_id, workflow_id, step, sealed) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [
        assignment.cadreId,
        assignment.basis.workflowId,
        assignment.basis.step,
        this.sealer.seal(JSON.stringify(assignment), ASSIGNMENT),
      ],
    );
  }

  async measures(cadreId: string): Promise<MeasureOnFile[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT workflow_id, step, sealed FROM cadre_registry_measures WHERE cadre_id = $1 ORDER BY seq',
      [cadreId],
    );
    return rows.map((row) => this.openMeasure(cadreId, row));
  }

  async fileMeasure(measure: MeasureOnFile): Promise<void> {
    await this.pool.query(
      `INSERT INTO cadre_registry_measures (cadre_id, workflow_id, step, sealed) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [
        measure.cadreId,
        measure.basis.workflowId,
        measure.basis.step,
        this.sealer.seal(JSON.stringify(measure), MEASURE),
      ],
    );
  }

  /** A measure row opened, checked to be the row's own (its cadre, case and step). */
  private openMeasure(cadreId: string, row: Row): MeasureOnFile {
    return openRow<MeasureOnFile>(
      this.sealer.open(row.sealed, MEASURE),
      belongsTo(cadreId, row),
      'cadre_registry_measures',
    );
  }

  /**
   * Marks the measure a case step filed as lifted, once: the row is locked while it is read and rewritten,
   * so two lifts at once (an activity retried beside its first run) write it once, as the file store does.
   */
  async liftMeasure(lift: Parameters<PersonnelRegistry['liftMeasure']>[0]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<Row>(
        `SELECT workflow_id, step, sealed FROM cadre_registry_measures
         WHERE cadre_id = $1 AND workflow_id = $2 AND step = $3 FOR UPDATE`,
        [lift.cadreId, lift.filedBy.workflowId, lift.filedBy.step],
      );
      const row = rows[0];
      if (row) {
        const filed = this.openMeasure(lift.cadreId, row);
        if (!filed.lifted) {
          const lifted: MeasureOnFile = { ...filed, lifted: { on: lift.on, basis: lift.basis } };
          await client.query(
            `UPDATE cadre_registry_measures SET sealed = $4
             WHERE cadre_id = $1 AND workflow_id = $2 AND step = $3`,
            [lift.cadreId, row.workflow_id, row.step, this.sealer.seal(JSON.stringify(lifted), MEASURE)],
          );
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}
