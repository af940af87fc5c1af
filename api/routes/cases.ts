import { createRoute } from '@hono/zod-openapi';
import { type Client, isGrpcServiceError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { z } from 'zod';
import { caseRecordDocument } from '../../documents/case-record';
import { documentText } from '../../documents/index';
import { caseIdSchema, departmentIdSchema, workflowIdFor } from '../../domain/case';
import { caseListQuerySchema, caseListSchema, ledgerSchema } from '../../domain/case-list';
import { type CaseView, caseViewSchema, eventOutcomeSchema } from '../../domain/case-view';
import { CADRE_NAME_KEYS_FIELD } from '../../domain/search-keys';
import {
  apiEventSchema,
  type StartCase,
  startCaseSchema,
  staticSummaryFor,
  workflowTypeFor,
} from '../../domain/start';
import { reportFiledEventSchema } from '../../domain/steps/supervision';
import { getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import { CaseDepartment, CaseStage, CaseTrack } from '../../workflows/search-attributes';
import { actorOf, requireDepartmentAccess, requireMayStart } from '../auth';
import { outcomeFor, viewFor } from '../confidentiality';
import { type ApiDeps, createRouter } from '../context';
import type { Credential } from '../credentials';
import { ApiError, errorBodySchema, errorResponses } from '../errors';
import { type NameHasher, nameHasher, nameKeysOf, nameLookupKey } from '../name-keys';
import { startDifferences } from '../start-content';
import { translateTemporalError } from '../temporal-errors';
import { BadPageToken, listCases, nominatorLedger } from '../visibility';

const caseParams = z.object({ department: departmentIdSchema, caseId: caseIdSchema });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const security = [{ bearer: [] }];
const GRPC_INVALID_ARGUMENT = 3;

const startRoute = createRoute({
  method: 'post',
  path: '/cases',
  tags: ['Cases'],
  security,
  summary: 'Start a case',
  description:
    'Starts a case of the given track. Idempotent: the same department and case id with the same body again returns the existing case (200) and never starts a second workflow; with a different body it is refused (409 case_exists_with_different_content, naming the fields that differ).',
  request: { body: { required: true, content: { 'application/json': { schema: startCaseSchema } } } },
  responses: {
    201: json(caseViewSchema, 'Case started'),
    200: json(caseViewSchema, 'The case already existed with this very content; it is returned as it is'),
    ...errorResponses(400, 401, 403, 413, 422, 429, 503),
    409: json(
      errorBodySchema,
      'case_exists_with_different_content: a case with this department and case id exists and its start differs; `issues` names each differing field (never its value). Nothing changed',
    ),
  },
});

const eventRoute = createRoute({
  method: 'post',
  path: '/cases/{department}/{caseId}/events',
  tags: ['Cases'],
  security,
  summary: 'Send an event to a case',
  description:
    "The case's state machine decides whether the event is legal now. An illegal event is refused with 409, naming the current state and the events legal now, and changes nothing. The actor is the caller the token identifies. The answer is where the case stands and the record entries the event added; GET the case for its whole view.",
  request: {
    params: caseParams,
    body: { required: true, content: { 'application/json': { schema: apiEventSchema } } },
  },
  responses: {
    200: json(eventOutcomeSchema, 'Where the case stands after the event, and the record entries it added'),
    ...errorResponses(400, 401, 403, 404, 409, 413, 422, 429),
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/cases/{department}/{caseId}',
  tags: ['Cases'],
  security,
  summary: 'Read a case',
  description: 'State and labels, legal events, armed timers (deadlines) and the case record.',
  request: { params: caseParams },
  responses: { 200: json(caseViewSchema, 'The case'), ...errorResponses(401, 403, 404, 422, 429) },
});

const recordRoute = createRoute({
  method: 'get',
  path: '/cases/{department}/{caseId}/record',
  tags: ['Cases'],
  security,
  summary: 'Export the case record (纪实)',
  description: 'format=json (default): the record entries; format=text: a readable Chinese document.',
  request: { params: caseParams, query: z.object({ format: z.enum(['json', 'text']).default('json') }) },
  responses: {
    200: {
      description: 'The record',
      content: {
        'application/json': { schema: caseViewSchema.pick({ workflowId: true, record: true }) },
        'text/plain': { schema: z.string() },
      },
    },
    ...errorResponses(401, 403, 404, 422, 429),
  },
});

const reportRoute = createRoute({
  method: 'post',
  path: '/cases/{department}/{caseId}/reports',
  tags: ['Supervision'],
  security,
  summary: 'File a supervision report (举报) on a case',
  description:
    'The reporting mailbox and online channel reach any open case. During publicity or probation the report holds the case until the organization department verifies it (VERIFICATION_CLEARED or VERIFICATION_SUBSTANTIATED).',
  request: {
    params: caseParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: reportFiledEventSchema.omit({ type: true, actor: true, requestId: true }),
        },
      },
    },
  },
  responses: {
    200: json(eventOutcomeSchema, 'Where the case stands with the report on it, and the record entry'),
    ...errorResponses(400, 401, 403, 404, 409, 413, 422, 429),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/cases',
  tags: ['Cases'],
  security,
  summary: 'List and filter cases',
  description:
    "From Temporal visibility. A department's credential sees its own department's cases only. Page with pageToken.",
  request: { query: caseListQuerySchema },
  responses: { 200: json(caseListSchema, 'A page of cases'), ...errorResponses(401, 422, 429) },
});

const ledgerRoute = createRoute({
  method: 'get',
  path: '/nominators/{nominator}/ledger',
  tags: ['Supervision'],
  security,
  summary: "A nominator's accountability ledger (谁提名谁负责)",
  description: 'Every case the nominator nominated someone in, and how each ended.',
  request: { params: z.object({ nominator: caseListQuerySchema.shape.nominator.unwrap() }) },
  responses: { 200: json(ledgerSchema, 'The ledger'), ...errorResponses(401, 422, 429) },
});

/** The name digests the workflow keeps for search (domain/search-keys.ts), when the body brings a cadre in. */
function withNameKeys<T extends Record<string, unknown>>(hash: NameHasher, body: T): T {
  const keys = nameKeysOf(hash, body);
  return Object.keys(keys).length > 0 ? { ...body, [CADRE_NAME_KEYS_FIELD]: keys } : body;
}

const ownDepartment = (caller: Credential) => (caller.role === 'department' ? caller.department : undefined);

/** The case as its Query answers, or the error a caller should see (404, 503). */
export async function readCase(client: Client, workflowId: string): Promise<CaseView> {
  try {
    return await client.workflow.getHandle(workflowId).query(getCaseQuery);
  } catch (error) {
    return translateTemporalError(error, client, workflowId);
  }
}

/** The case routes, mounted under /v1. */
export function caseRoutes({ client, taskQueue, searchKey, logger }: ApiDeps) {
  const app = createRouter();
  const hash = nameHasher(searchKey, logger);

  app.openapi(startRoute, async (c) => {
    const { track, ...input } = c.req.valid('json');
    requireMayStart(c.get('caller'));
    requireDepartmentAccess(c.get('caller'), input.department);
    const workflowId = workflowIdFor(input);
    let created = true;
    try {
      await client.workflow.start(workflowTypeFor[track], {
        taskQueue,
        workflowId,
        args: [
          withNameKeys(hash, input),
          { startedBy: actorOf(c.get('caller')), requestId: c.get('requestId') },
        ],
        // Same department + case id never runs twice, not even after the first case closed.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        staticSummary: staticSummaryFor({ track, ...input } as StartCase),
        typedSearchAttributes: new TypedSearchAttributes([
          { key: CaseTrack, value: track },
          { key: CaseDepartment, value: input.department },
          { key: CaseStage, value: 'starting' },
        ]),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      created = false;
      const differs = await startDifferences(client, workflowId, { track, ...input }).catch((failure) =>
        translateTemporalError(failure, client, workflowId),
      );
      if (differs.length > 0) {
        throw new ApiError(
          409,
          'case_exists_with_different_content',
          `Case ${workflowId} already exists, started with different content in: ${differs.join(', ')}. Nothing changed; send the same body to read the case back, or start the other case under its own case id`,
          {
            issues: differs.map((path) => ({ path, message: 'differs from the start of the existing case' })),
          },
        );
      }
    }
    return c.json(viewFor(c.get('caller'), await readCase(client, workflowId)), created ? 201 : 200);
  });

  app.openapi(eventRoute, async (c) => {
    const params = c.req.valid('param');
    const caller = c.get('caller');
    requireDepartmentAccess(caller, params.department);
    const workflowId = workflowIdFor(params);
    const event = withNameKeys(hash, {
      ...c.req.valid('json'),
      actor: actorOf(caller),
      requestId: c.get('requestId'),
    });
    try {
      // One request, one Temporal call: a case whose publicity window opens fetches the loaded years itself.
      // The request id (a caller's X-Request-Id) is the Update's id: a retry after a 503 or a lost answer is
      // deduped by Temporal and applies the event once.
      const outcome = await client.workflow
        .getHandle(workflowId)
        .executeUpdate(sendEventUpdate, { args: [event], updateId: c.get('requestId') });
      return c.json(outcomeFor(caller, outcome), 200);
    } catch (error) {
      return translateTemporalError(error, client, workflowId);
    }
  });

  app.openapi(reportRoute, async (c) => {
    const params = c.req.valid('param');
    const caller = c.get('caller');
    requireDepartmentAccess(caller, params.department);
    const workflowId = workflowIdFor(params);
    const event = {
      type: 'REPORT_FILED',
      ...c.req.valid('json'),
      actor: actorOf(caller),
      requestId: c.get('requestId'),
    };
    try {
      const outcome = await client.workflow
        .getHandle(workflowId)
        .executeUpdate(sendEventUpdate, { args: [event], updateId: c.get('requestId') });
      return c.json(outcomeFor(caller, outcome), 200);
    } catch (error) {
      return translateTemporalError(error, client, workflowId);
    }
  });

  app.openapi(readRoute, async (c) => {
    const params = c.req.valid('param');
    requireDepartmentAccess(c.get('caller'), params.department);
    return c.json(viewFor(c.get('caller'), await readCase(client, workflowIdFor(params))), 200);
  });

  app.openapi(recordRoute, async (c) => {
    const params = c.req.valid('param');
    requireDepartmentAccess(c.get('caller'), params.department);
    const view = viewFor(c.get('caller'), await readCase(client, workflowIdFor(params)));
    if (c.req.valid('query').format === 'text') {
      const record = documentText([caseRecordDocument(view)]);
      return c.text(record, 200, { 'content-type': 'text/plain; charset=utf-8' });
    }
    return c.json({ workflowId: view.workflowId, record: view.record }, 200);
  });

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const department = ownDepartment(c.get('caller')) ?? query.department;
    try {
      const cadreNameKey = query.cadre === undefined ? undefined : nameLookupKey(hash, query.cadre);
      return c.json(await listCases(client, { ...query, department, cadreNameKey }), 200);
    } catch (error) {
      // A page token or filter the server cannot read is the caller's input, not our failure.
      const message =
        error instanceof BadPageToken
          ? error.message
          : isGrpcServiceError(error) && error.code === GRPC_INVALID_ARGUMENT
            ? error.details
            : undefined;
      if (message === undefined) throw error;
      throw new ApiError(422, 'invalid_request', `Invalid listing request: ${message}`, {
        issues: [{ path: error instanceof BadPageToken ? 'pageToken' : '(query)', message }],
      });
    }
  });

  app.openapi(ledgerRoute, async (c) => {
    const { nominator } = c.req.valid('param');
    return c.json(await nominatorLedger(client, nominator, ownDepartment(c.get('caller'))), 200);
  });
  return app;
}
