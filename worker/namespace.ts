import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import { allSearchAttributes } from '../workflows/search-attributes';

/**
 * Makes the namespace fit for year-long cases: retention far beyond the dev server's 24 h default (a
 * closed case must stay visible for audits), and the project's search attributes registered.
 */
export async function waitForNamespace(connection: Connection, namespace: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await connection.workflowService.describeNamespace({ namespace });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

export async function raiseRetention(connection: Connection, namespace: string, days: number, log: Logger) {
  const described = await waitForNamespace(connection, namespace);
  const current = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  const wanted = days * 24 * 3600;
  if (current >= wanted) return;
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(wanted * 1000) },
  });
  log.info({ namespace, retentionDays: days }, 'raised namespace retention');
}

/** Registers the search attributes a cluster lacks. Temporal Cloud refuses this call: register them there by hand. */
export async function ensureSearchAttributes(connection: Connection, namespace: string, log: Logger) {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = allSearchAttributes.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [
          key.name,
          temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
        ]),
      ),
    });
    log.info({ added: missing.map((key) => key.name) }, 'registered search attributes');
  } catch (error) {
    log.warn(
      { missing: missing.map((key) => `${key.name}:${key.type}`), error: String(error) },
      'could not register search attributes; register them on the cluster, or case workflows will fail to upsert them',
    );
  }
}
