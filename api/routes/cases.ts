import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { z } from 'zod';
import { caseIdSchema, departmentIdSchema, workflowIdFor } from '../../domain/case';
import { caseViewSchema } from '../../domain/case-view';
import { CaseDepartment, CaseStage, CaseTrack } from '../../domain/search-attributes';
import { caseEventSchema, type StartCase, startCaseSchema, workflowTypeFor } from '../../domain/start';
import { getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import type { ApiDeps, AppEnv } from '../app';
import { errorResponses } from '../errors';
import { translateTemporalError } from '../temporal-errors';

const caseParams = z.object({ department: departmentIdSchema, caseId: caseIdSchema });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const startRoute = createRoute({
  method: 'post',
  path: '/v1/cases',
  tags: ['Cases'],
  summary: 'Start a case',
  description:
    'Starts a case of the given track. Idempotent: the same department and case id again returns the existing case (200) and never starts a second workflow.',
  request: { body: { required: true, content: { 'application/json': { schema: startCaseSchema } } } },
  responses: {
    201: json(caseViewSchema, 'Case started'),
    200: json(caseViewSchema, 'The case already existed; it is returned as it is'),
    ...errorResponses(400, 413, 422, 503),
  },
});

const eventRoute = createRoute({
  method: 'post',
  path: '/v1/cases/{department}/{caseId}/events',
  tags: ['Cases'],
  summary: 'Send an event to a case',
  description:
    "The case's state machine decides whether the event is legal now. An illegal event is refused with 409, naming the current state and the events legal now, and changes nothing.",
  request: {
    params: caseParams,
    body: { required: true, content: { 'application/json': { schema: caseEventSchema } } },
  },
  responses: {
    200: json(caseViewSchema, 'The case after the event'),
    ...errorResponses(400, 404, 409, 413, 422),
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/v1/cases/{department}/{caseId}',
  tags: ['Cases'],
  summary: 'Read a case',
  description: 'State and labels, legal events, armed timers (deadlines) and the case record.',
  request: { params: caseParams },
  responses: { 200: json(caseViewSchema, 'The case'), ...errorResponses(404, 422) },
});

function staticSummary(start: StartCase): string {
  return `试用期 Probation · ${start.cadre.name} (${start.cadre.id}) · ${start.trialPost.unit} ${start.trialPost.title}`;
}

export function registerCaseRoutes(app: OpenAPIHono<AppEnv>, { client, taskQueue }: ApiDeps): void {
  app.openapi(startRoute, async (c) => {
    const { track, ...input } = c.req.valid('json');
    const workflowId = workflowIdFor(input);
    let created = true;
    try {
      await client.workflow.start(workflowTypeFor[track], {
        taskQueue,
        workflowId,
        args: [input],
        // Same department + case id never runs twice, not even after the first case closed.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        staticSummary: staticSummary({ track, ...input }),
        typedSearchAttributes: new TypedSearchAttributes([
          { key: CaseTrack, value: track },
          { key: CaseDepartment, value: input.department },
          { key: CaseStage, value: 'starting' },
        ]),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      created = false;
    }
    const view = await client.workflow.getHandle(workflowId).query(getCaseQuery);
    return c.json(view, created ? 201 : 200);
  });

  app.openapi(eventRoute, async (c) => {
    const workflowId = workflowIdFor(c.req.valid('param'));
    try {
      const view = await client.workflow
        .getHandle(workflowId)
        .executeUpdate(sendEventUpdate, { args: [c.req.valid('json')] });
      return c.json(view, 200);
    } catch (error) {
      return translateTemporalError(error, client, workflowId);
    }
  });

  app.openapi(readRoute, async (c) => {
    const workflowId = workflowIdFor(c.req.valid('param'));
    try {
      return c.json(await client.workflow.getHandle(workflowId).query(getCaseQuery), 200);
    } catch (error) {
      return translateTemporalError(error, client, workflowId);
    }
  });
}
