import { createRoute } from '@hono/zod-openapi';
import {
  type Client,
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { z } from 'zod';
import { caseRecordDocument } from '../../documents/case-record';
import { documentText } from '../../documents/index';
import { type CaseOrigin, caseIdSchema, departmentIdSchema, workflowIdFor } from '../../domain/case';
import { caseListQuerySchema, caseListSchema, ledgerSchema } from '../../domain/case-list';
import { type CaseView, caseViewSchema, eventOutcomeSchema } from '../../domain/case-view';
import { CADRE_NAME_KEYS_FIELD } from '../../domain/search-keys';
import {
  apiEventSchema,
  type StartCase,
  type StartHistoryStep,
  startCaseSchema,
  staticSummaryFor,
  workflowTypeFor,
} from '../../domain/start';
import { START_DIGEST_FIELD } from '../../domain/start-digest';
import { reportFiledEventSchema } from '../../domain/steps/supervision';
import {
  getCaseQuery,
  type StartReadBack,
  startReadBackUpdate,
  startReadBackUpdateId,
} from '../../workflows/messages';
import { CaseDepartment, CaseStage, CaseTrack } from '../../workflows/search-attributes';
import { actorOf, requireDepartmentAccess, requireMayStart } from '../auth';
import { sendCaseEvent } from '../case-events';
import { outcomeFor, viewFor } from '../confidentiality';
import { type ApiDeps, createRouter, type StartRefusal } from '../context';
import type { Credential } from '../credentials';
import { ApiError, errorResponses, refusalResponse } from '../errors';
import { type NameHasher, nameHasher, nameKeysOf, nameLookupKey } from '../name-keys';
import { nameSchema } from '../openapi/components';
import {
  caseExample,
  eventExamples,
  examplesByTrack,
  reportExample,
  startExamples,
} from '../openapi/examples';
import { startDifferences, startDigest } from '../start-content';
import { isDroppedByClose, translateTemporalError } from '../temporal-errors';
import { BadPageToken, listCases, nominatorLedger } from '../visibility';

const caseParams = z.object({
  department: departmentIdSchema.meta({ examples: [caseExample.department] }),
  caseId: caseIdSchema.meta({ examples: [caseExample.caseId] }),
});
const reportSchema = nameSchema(
  'Report',
  reportFiledEventSchema.omit({ type: true, actor: true, requestId: true }),
  'A report (举报) as a reporting channel files it',
);
const caseRecordSchema = nameSchema('CaseRecord', caseViewSchema.pick({ workflowId: true, record: true }));
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const security = [{ bearer: [] }];
const GRPC_INVALID_ARGUMENT = 3;

const startRoute = createRoute({
  method: 'post',
  path: '/cases',
  operationId: 'startCase',
  tags: ['Cases'],
  security,
  summary: 'Start a case',
  description:
    "Starts a case of the given track. Idempotent: the same department and case id with the same body again returns the existing case (200) and never starts a second workflow; with a different body it is a 409 case_exists_with_different_content naming each differing field (never its value). The request that started the case, retried with the same X-Request-Id and body, gets its 201 again. A case already under way is brought in with `history`: its earlier steps, each dated, applied in order through the case's machine as if sent live; the first step refused refuses the start (409 when the machine does not take it then, 422 when its content or date is invalid), naming the step, and no case is left behind. The record marks those steps `imported`.",
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: startCaseSchema,
          examples: examplesByTrack(startExamples, 'Start a case'),
        },
      },
    },
  },
  responses: {
    201: json(caseViewSchema, 'Case started (by this request: its retry gets the same answer)'),
    200: json(caseViewSchema, 'The case already existed; it is returned as it is'),
    ...errorResponses(403, 409),
  },
});

const eventRoute = createRoute({
  method: 'post',
  path: '/cases/{department}/{caseId}/events',
  operationId: 'sendEvent',
  tags: ['Cases'],
  security,
  summary: 'Send an event to a case',
  description:
    "The case's state machine decides whether the event is legal now. An illegal event is refused with 409, naming the current state and the events legal now, and changes nothing. The actor is the caller the token identifies. `occurredAt` says when the step happened (a date, or a date and time, China time unless it states an offset; absent: now): it may not lie in the future nor before the case's latest step (422 naming the date it collides with), and timers count from it. The answer is where the case stands, the record entries the event added, and the effects it set going that are still running (`following`: the record grows by those); GET the case for its whole view.",
  request: {
    params: caseParams,
    body: {
      required: true,
      content: {
        'application/json': { schema: apiEventSchema, examples: examplesByTrack(eventExamples, 'An event') },
      },
    },
  },
  responses: {
    200: json(eventOutcomeSchema, 'Where the case stands after the event, and the record entries it added'),
    ...errorResponses(403, 404),
    ...refusalResponse,
  },
  // The case's machine checks what its rules edition requires (e.g. the second edition's 酝酿 of a
  // motion), which the schema, shared by every edition, leaves optional.
  'x-rules-beyond-schema': ["the case's rules edition (fields it requires)"],
});

const readRoute = createRoute({
  method: 'get',
  path: '/cases/{department}/{caseId}',
  operationId: 'getCase',
  tags: ['Cases'],
  security,
  summary: 'Read a case',
  description: 'State and labels, legal events, armed timers (deadlines) and the case record.',
  request: { params: caseParams },
  responses: { 200: json(caseViewSchema, 'The case'), ...errorResponses(403, 404) },
});

const recordRoute = createRoute({
  method: 'get',
  path: '/cases/{department}/{caseId}/record',
  operationId: 'getRecord',
  tags: ['Cases'],
  security,
  summary: 'Export the case record (纪实)',
  description: 'format=json (default): the record entries; format=text: a readable Chinese document.',
  request: { params: caseParams, query: z.object({ format: z.enum(['json', 'text']).default('json') }) },
  responses: {
    200: {
      description: 'The record',
      content: {
        'application/json': { schema: caseRecordSchema },
        'text/plain': { schema: z.string() },
      },
    },
    ...errorResponses(403, 404),
  },
});

const reportRoute = createRoute({
  method: 'post',
  path: '/cases/{department}/{caseId}/reports',
  operationId: 'fileReport',
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
          schema: reportSchema,
          examples: { mailbox: { summary: 'A report from the mailbox', value: reportExample } },
        },
      },
    },
  },
  responses: {
    200: json(eventOutcomeSchema, 'Where the case stands with the report on it, and the record entry'),
    ...errorResponses(403, 404),
    ...refusalResponse,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/cases',
  operationId: 'listCases',
  tags: ['Cases'],
  security,
  summary: 'List and filter cases',
  description:
    "From Temporal visibility. A department's credential sees its own department's cases only. Page with pageToken.",
  request: { query: caseListQuerySchema },
  responses: { 200: json(caseListSchema, 'A page of cases') },
  'x-rules-beyond-schema': ['pageToken (only a token this API issued, checked by its signature)'],
});

const ledgerRoute = createRoute({
  method: 'get',
  path: '/nominators/{nominator}/ledger',
  operationId: 'getNominatorLedger',
  tags: ['Supervision'],
  security,
  summary: "A nominator's accountability ledger (谁提名谁负责)",
  description: 'Every case the nominator nominated someone in, and how each ended.',
  request: { params: z.object({ nominator: caseListQuerySchema.shape.nominator.unwrap() }) },
  responses: { 200: json(ledgerSchema, 'The ledger') },
});

/** The name digests the workflow keeps for search (domain/search-keys.ts), when the body brings a cadre in. */
function withNameKeys<T extends Record<string, unknown>>(hash: NameHasher, body: T): T {
  const keys = nameKeysOf(hash, body);
  return Object.keys(keys).length > 0 ? { ...body, [CADRE_NAME_KEYS_FIELD]: keys } : body;
}

const ownDepartment = (caller: Credential) => (caller.role === 'department' ? caller.department : undefined);

/**
 * Who started the case, and, for a case brought in under way, when it began and its earlier steps, each
 * with its actor: the caller, unless the organization department names who took it (the committee's
 * vote, say). No one else may put a step in another's name.
 */
function originOf(
  caller: Credential,
  requestId: string,
  occurredAt: string | undefined,
  history: StartHistoryStep[] | undefined,
): CaseOrigin {
  const startedBy = actorOf(caller);
  const origin: CaseOrigin = { startedBy, requestId };
  if (occurredAt !== undefined) origin.occurredAt = occurredAt;
  if (!history?.length) return origin;
  origin.history = history.map((step, index) => {
    const named = step.actor;
    const other = named && (named.id !== startedBy.id || named.role !== startedBy.role);
    if (other && caller.role !== 'organization_department') {
      throw new ApiError(
        403,
        'forbidden',
        `history[${index}] (${step.type}) names ${named.id} (${named.role}) as its actor: only the organization department brings in steps taken by others`,
      );
    }
    return { ...step, actor: named ?? startedBy };
  });
  return origin;
}

/** The dry run's refusal of a start, as the API answers it. */
const startRefused = (refusal: StartRefusal) =>
  refusal.status === 409
    ? new ApiError(409, 'illegal_transition', refusal.message, {
        step: refusal.step,
        state: refusal.state,
        label: refusal.label,
        legalEvents: refusal.legalEvents,
      })
    : new ApiError(422, 'invalid_request', refusal.message, { step: refusal.step, issues: refusal.issues });

/** The case as its Query answers, or the error a caller should see (404, 503). */
export async function readCase(client: Client, workflowId: string): Promise<CaseView> {
  try {
    return await client.workflow.getHandle(workflowId).query(getCaseQuery);
  } catch (error) {
    return translateTemporalError(error, client, workflowId);
  }
}

/** The case routes, mounted under /v1. */
export function caseRoutes({ client, taskQueue, machines, searchKey, logger }: ApiDeps) {
  const app = createRouter();
  const hash = nameHasher(searchKey, logger);

  app.openapi(startRoute, async (c) => {
    const { track, occurredAt, history, ...input } = c.req.valid('json');
    requireMayStart(c.get('caller'));
    requireDepartmentAccess(c.get('caller'), input.department);
    const workflowId = workflowIdFor(input);
    const origin = originOf(c.get('caller'), c.get('requestId'), occurredAt, history);
    // A dated start, or one with earlier steps, is run dry first: a refused one starts no workflow.
    if (origin.occurredAt !== undefined || origin.history) {
      const refusal = machines.checkStart({ track, input, origin }, new Date().toISOString());
      if (refusal) throw startRefused(refusal);
    }
    const requestId = c.get('requestId');
    const digest = startDigest(track, input);
    // One round trip (issue 18): the start and its read-back in one update-with-start, answered by the
    // case's first workflow task. A case of that id already there refuses it (conflict policy FAIL), so
    // another start writes nothing to its history; only this request's own retry finds its read-back,
    // deduplicated by its Update id.
    let readBack: StartReadBack | undefined;
    try {
      readBack = await client.workflow.executeUpdateWithStart(startReadBackUpdate, {
        args: [{ requestId }],
        // A retried request (the same X-Request-Id) is deduplicated by Temporal, and answered the same.
        updateId: startReadBackUpdateId(requestId),
        startWorkflowOperation: new WithStartWorkflowOperation(workflowTypeFor[track], {
          taskQueue,
          workflowId,
          args: [{ ...withNameKeys(hash, input), [START_DIGEST_FIELD]: digest }, origin],
          // Same department + case id never runs twice, not even after the first case closed: a running
          // or closed one makes the start fail (WorkflowExecutionAlreadyStartedError), read back below.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          staticSummary: staticSummaryFor({ track, ...input } as StartCase),
          typedSearchAttributes: new TypedSearchAttributes([
            { key: CaseTrack, value: track },
            { key: CaseDepartment, value: input.department },
            { key: CaseStage, value: 'starting' },
          ]),
        }),
      });
    } catch (error) {
      // A closed case (the start fails, and so no read-back runs), or one that closed as the read-back
      // reached it, is read as before the read-back existed: its first event, then its Query.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError || isDroppedByClose(error))) {
        return translateTemporalError(error, client, workflowId);
      }
    }
    const caller = c.get('caller');
    // The case holds this very start: this request started it (or this is its retry), or another did.
    if (readBack && readBack.startDigest === digest) {
      return c.json(viewFor(caller, readBack.view), readBack.startRequestId === requestId ? 201 : 200);
    }
    // Another start's content, a case started before digests, or a closed case: its first event says.
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
    return c.json(viewFor(caller, readBack?.view ?? (await readCase(client, workflowId))), 200);
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
      const outcome = await sendCaseEvent(client.workflow.getHandle(workflowId), event, c.get('requestId'));
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
      const outcome = await sendCaseEvent(client.workflow.getHandle(workflowId), event, c.get('requestId'));
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
