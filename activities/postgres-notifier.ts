import type { Pool } from 'pg';
import { type Notification, OUTBOX, type Outbox } from './notifier';
import { openRow } from './postgres-database';
import type { TextSealer } from './sealed-text';

/**
 * The notification outbox in PostgreSQL: one row per idempotency key (ON CONFLICT DO NOTHING), so a
 * notification sent by two workers (an activity retried on another worker after a crash) is queued once.
 * The whole notification is sealed (its subject and addressee name the cadre); the key, the case's
 * workflow id and the kind stay clear, for a gateway's relay to pick rows in order.
 */
export class PostgresOutbox implements Outbox {
  constructor(
    private readonly pool: Pool,
    private readonly sealer: TextSealer,
  ) {}

  async send(notification: Notification): Promise<void> {
    await this.pool.query(
      `INSERT INTO cadre_outbox (key, workflow_id, kind, sealed) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [
        notification.key,
        notification.workflowId,
        notification.kind,
        this.sealer.seal(JSON.stringify(notification), OUTBOX),
      ],
    );
  }

  async sent(): Promise<Notification[]> {
    const { rows } = await this.pool.query<{ key: string; sealed: string }>(
      'SELECT key, sealed FROM cadre_outbox ORDER BY seq',
    );
    return rows.map((row) =>
      openRow<Notification>(this.sealer.open(row.sealed, OUTBOX), (n) => n.key === row.key, 'cadre_outbox'),
    );
  }
}
