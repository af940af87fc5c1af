import { Pool, type PoolClient } from 'pg';

/**
 * The service's own tables in PostgreSQL, for a deployment where several workers share the personnel
 * registry, the notification outbox and the record archive (one process's file would not do: two workers
 * appending to it would neither see each other's writes nor be kept from interleaving them).
 *
 * Every personal fact is in a `sealed` column, sealed by the worker's keyring as the embedded files are
 * (activities/sealed-text.ts); the clear columns hold ids and keys only: workflow ids, case steps, cadre
 * ids, notification keys and kinds, times. Every write is idempotent by its key (a retried activity writes
 * nothing twice), as the embedded files are.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS cadre_registry_assignments (
  cadre_id    text        NOT NULL,
  workflow_id text        NOT NULL,
  step        text        NOT NULL,
  seq         bigserial   NOT NULL,
  sealed      text        NOT NULL,
  written_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cadre_id, workflow_id, step)
);
CREATE INDEX IF NOT EXISTS cadre_registry_assignments_by_cadre ON cadre_registry_assignments (cadre_id, seq);
CREATE TABLE IF NOT EXISTS cadre_registry_measures (
  cadre_id    text        NOT NULL,
  workflow_id text        NOT NULL,
  step        text        NOT NULL,
  seq         bigserial   NOT NULL,
  sealed      text        NOT NULL,
  written_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cadre_id, workflow_id, step)
);
CREATE TABLE IF NOT EXISTS cadre_outbox (
  key         text        PRIMARY KEY,
  workflow_id text        NOT NULL,
  kind        text        NOT NULL,
  seq         bigserial   NOT NULL,
  sealed      text        NOT NULL,
  queued_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS cadre_records (
  department  text        NOT NULL,
  case_id     text        NOT NULL,
  record      text        NOT NULL,
  document    text        NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (department, case_id)
);
`;

/** Any number that keeps two processes migrating at once from racing each other's CREATE (pg_type clashes). */
const MIGRATION_LOCK = 0x6361_6472; // "cadr"

/** A pool on `url` (postgres://…), its tables made first if they are missing: safe from every process at once. */
export async function openDatabase(url: string, options: { max?: number } = {}): Promise<Pool> {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client's error (the server restarting) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(SCHEMA);
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

async function inTransaction<R>(pool: Pool, body: (client: PoolClient) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * What a sealed row holds, opened and checked against the row's clear key: a sealed value copied into
 * another row (another cadre's, another case's) opens, but does not match, and is refused.
 */
export function openRow<T>(opened: string, matches: (value: T) => boolean, where: string): T {
  const value = JSON.parse(opened) as T;
  if (!matches(value)) throw new Error(`${where}: the sealed value does not belong to its row`);
  return value;
}
