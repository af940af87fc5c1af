import type { Pool } from 'pg';
import type { EffectPorts } from '../activities/effects';
import { PostgresOutbox } from '../activities/postgres-notifier';
import { PostgresPersonnelRegistry } from '../activities/postgres-personnel-registry';
import { PostgresRecordStore } from '../activities/postgres-record-store';
import type { Keyring } from '../security/keyring';
import { KeyringTextSealer } from '../security/text-sealer';

/**
 * The ports of a deployment with several workers: the registry, the outbox and the record archive in one
 * PostgreSQL database (CADRE_DATABASE_URL) that every worker shares, sealed by the keyring all of them
 * hold. The embedded default (`embeddedPorts`, worker/worker.ts) keeps the same three in local files.
 */
export function databasePorts(pool: Pool, keyring: Keyring) {
  const sealer = new KeyringTextSealer(keyring);
  return {
    registry: new PostgresPersonnelRegistry(pool, sealer),
    notifier: new PostgresOutbox(pool, sealer),
    records: new PostgresRecordStore(pool, sealer),
  } satisfies EffectPorts;
}
