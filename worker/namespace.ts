import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import { allSearchAttributes, searchAttributeFlags } from '../workflows/search-attributes';

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

/**
 * How to register the attributes on Temporal Cloud, which refuses the operator service's calls: its
 * `tcld` command (the Cloud UI's namespace page takes the same names and types by hand). `namespace` is
 * Cloud's namespace id, `<name>.<account>`.
 */
export function cloudRegistrationCommand(namespace: string, keys = allSearchAttributes): string {
  const flags = searchAttributeFlags().filter((flag) => keys.some((key) => flag.startsWith(`${key.name}=`)));
  return [
    `tcld namespace search-attributes add --namespace ${namespace}`,
    ...flags.map((f) => `--sa ${f}`),
  ].join(' ');
}

/** Registers the search attributes a cluster lacks. Temporal Cloud refuses this call: register them there by hand. */
export async function ensureSearchAttributes(connection: Connection, namespace: string, log: Logger) {
  let missing = allSearchAttributes;
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    missing = allSearchAttributes.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  } catch (error) {
    // Temporal Cloud answers the operator service with PermissionDenied: the service still starts.
    log.warn(
      { error: String(error), register: cloudRegistrationCommand(namespace) },
      'cannot list the search attributes (Temporal Cloud?): make sure they are registered, e.g. with the command given',
    );
    return;
  }
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
      {
        missing: missing.map((key) => `${key.name}:${key.type}`),
        error: String(error),
        register: cloudRegistrationCommand(namespace, missing),
      },
      'could not register search attributes; register them on the cluster, or case workflows will fail to upsert them',
    );
  }
}
