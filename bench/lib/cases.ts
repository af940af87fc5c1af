import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { type CaseOrigin, workflowIdFor } from '../../domain/case';
import { type StartCase, staticSummaryFor, workflowTypeFor } from '../../domain/start';
import { CaseDepartment, CaseStage, CaseTrack } from '../../workflows/search-attributes';

/** Who the bench's direct starts say started them (the API puts the caller here). */
const origin: CaseOrigin = {
  startedBy: { id: 'od-bench', role: 'organization_department', name: '组织部（基准测试）' },
  requestId: 'bench',
};

/**
 * Starts a case the way the API does (mirrors api/routes/cases.ts: workflow type, id, arguments,
 * policies, summary, initial search attributes) but straight through the client: for set-ups of thousands of cases, where the HTTP
 * layer is not what is measured. `startDelay` (ms) wakes it later.
 */
export function startCaseDirect(client: Client, taskQueue: string, body: StartCase, startDelay?: number) {
  const { track, ...input } = body;
  return client.workflow.start(workflowTypeFor[track], {
    taskQueue,
    workflowId: workflowIdFor(input),
    args: [input, origin],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'FAIL',
    staticSummary: staticSummaryFor(body),
    typedSearchAttributes: new TypedSearchAttributes([
      { key: CaseTrack, value: track },
      { key: CaseDepartment, value: input.department },
      { key: CaseStage, value: 'starting' },
    ]),
    ...(startDelay === undefined ? {} : { startDelay }),
  });
}
