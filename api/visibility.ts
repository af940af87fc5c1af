import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { tsToDate } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { CaseListQuery, CaseSummary, Ledger } from '../domain/case-list';
import { unitSearchKey } from '../domain/search-keys';
import {
  CaseCadres,
  CaseDepartment,
  CaseHeld,
  CaseNextDeadline,
  CaseNominators,
  CaseOutcome,
  CaseOverdue,
  CaseOverdueEscalated,
  CaseOverdueSince,
  CaseSearchKeys,
  CaseStage,
  CaseTrack,
} from '../workflows/search-attributes';

/** What a visibility query may hold between quotes as it is: the list filters' own keyword rule. */
const QUERY_SAFE = /^[\p{L}\p{N}._:-]+$/u;

/**
 * The filters, with the `name:` key of the cadre filter (a keyed digest only the API can compute,
 * api/name-keys.ts): `cadre` matches a cadre id, or a name through its digest.
 */
export type CaseListFilters = Partial<CaseListQuery> & { cadreNameKey?: string };

/**
 * Listing cases and the accountability ledger come from Temporal visibility (the search attributes the
 * case workflows keep), not from a second copy of the data.
 */
function visibilityQuery(filters: CaseListFilters): string {
  const clauses = [`${CaseTrack.name} IS NOT NULL`];
  const eq = (key: string, value: string | undefined) => value && clauses.push(`${key} = '${value}'`);
  eq(CaseTrack.name, filters.track);
  eq(CaseStage.name, filters.stage);
  eq(CaseDepartment.name, filters.department);
  eq(CaseNominators.name, filters.nominator);
  if (filters.cadre) {
    const either = [
      ...(QUERY_SAFE.test(filters.cadre) ? [`${CaseCadres.name} = '${filters.cadre}'`] : []),
      ...(filters.cadreNameKey && QUERY_SAFE.test(filters.cadreNameKey)
        ? [`${CaseSearchKeys.name} = '${filters.cadreNameKey}'`]
        : []),
    ];
    clauses.push(either.length > 0 ? `(${either.join(' OR ')})` : `${CaseCadres.name} = ''`);
  }
  // A unit key holds no quote nor backslash (domain/search-keys.ts).
  const unit = filters.unit === undefined ? undefined : unitSearchKey(filters.unit);
  if (unit) clauses.push(`${CaseSearchKeys.name} = '${unit}'`);
  if (filters.status === 'open') clauses.push(`ExecutionStatus = 'Running'`);
  if (filters.status === 'closed') clauses.push(`ExecutionStatus != 'Running'`);
  if (filters.deadlineFrom)
    clauses.push(`${CaseNextDeadline.name} >= '${new Date(filters.deadlineFrom).toISOString()}'`);
  if (filters.deadlineTo)
    clauses.push(`${CaseNextDeadline.name} < '${new Date(filters.deadlineTo).toISOString()}'`);
  return clauses.join(' AND ');
}

const statusName = (status: temporal.api.enums.v1.WorkflowExecutionStatus | null | undefined) =>
  (temporal.api.enums.v1.WorkflowExecutionStatus[status ?? 0] ?? 'UNKNOWN').replace(
    'WORKFLOW_EXECUTION_STATUS_',
    '',
  );

function summaryOf(info: temporal.api.workflow.v1.IWorkflowExecutionInfo): CaseSummary {
  const attributes = decodeTypedSearchAttributes(info.searchAttributes?.indexedFields);
  const workflowId = info.execution?.workflowId ?? '';
  const deadline = attributes.get(CaseNextDeadline);
  const overdueStage = attributes.get(CaseOverdue);
  return {
    workflowId,
    department: attributes.get(CaseDepartment),
    caseId: workflowId.slice(workflowId.indexOf('/') + 1),
    track: attributes.get(CaseTrack),
    stage: attributes.get(CaseStage),
    outcome: attributes.get(CaseOutcome),
    status: statusName(info.status),
    cadres: attributes.get(CaseCadres) ?? [],
    nominators: attributes.get(CaseNominators) ?? [],
    nextDeadline: deadline?.toISOString(),
    ...(attributes.get(CaseHeld) ? { held: true } : {}),
    ...(overdueStage
      ? {
          overdue: {
            stage: overdueStage,
            since: attributes.get(CaseOverdueSince)?.toISOString(),
            escalated: attributes.get(CaseOverdueEscalated) === true,
          },
        }
      : {}),
    startedAt: info.startTime ? tsToDate(info.startTime).toISOString() : undefined,
    closedAt: info.closeTime ? tsToDate(info.closeTime).toISOString() : undefined,
  };
}

/**
 * Page tokens are Temporal's, wrapped with a keyed HMAC: a token the caller mangled or forged is refused
 * here at once, instead of reaching the server (which answers garbage with an opaque error after
 * retrying for ~20 s). API replicas that page for one another share CADRE_PAGE_TOKEN_KEY; without it each
 * process draws its own key, and a token from another process is refused as unknown.
 */
export class BadPageToken extends Error {}
const pageTokenKey = process.env.CADRE_PAGE_TOKEN_KEY ?? randomBytes(32).toString('base64url');
const checksum = (bytes: Uint8Array) =>
  createHmac('sha256', pageTokenKey).update(bytes).digest('base64url').slice(0, 22);
const wrapToken = (bytes: Uint8Array) => `${checksum(bytes)}.${Buffer.from(bytes).toString('base64url')}`;
function unwrapToken(token: string): Uint8Array {
  const [sum, body] = token.split('.');
  const bytes = Buffer.from(body ?? '', 'base64url');
  const expected = Buffer.from(checksum(bytes));
  const given = Buffer.from(sum ?? '');
  if (!body || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new BadPageToken('pageToken is not one this API issued');
  return bytes;
}

export async function listCases(
  client: Client,
  filters: CaseListFilters,
): Promise<{ cases: CaseSummary[]; nextPageToken?: string }> {
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query: visibilityQuery(filters),
    pageSize: filters.pageSize,
    nextPageToken: filters.pageToken ? unwrapToken(filters.pageToken) : undefined,
  });
  const token = response.nextPageToken?.length ? wrapToken(response.nextPageToken) : undefined;
  return { cases: (response.executions ?? []).map(summaryOf), nextPageToken: token };
}

/** Every case a nominator nominated and how each ended: 谁提名谁负责. */
export async function nominatorLedger(
  client: Client,
  nominator: string,
  department?: string,
): Promise<Ledger> {
  const cases: CaseSummary[] = [];
  let pageToken: string | undefined;
  do {
    const page = await listCases(client, { nominator, department, pageSize: 200, pageToken });
    cases.push(...page.cases);
    pageToken = page.nextPageToken;
  } while (pageToken && cases.length < 10_000);
  const totals: Record<string, number> = {};
  for (const c of cases) {
    const key = c.status === 'RUNNING' ? 'open' : (c.outcome ?? c.status.toLowerCase());
    totals[key] = (totals[key] ?? 0) + 1;
  }
  return { nominator, totals, cases };
}
