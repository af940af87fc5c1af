import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartReadBack, startReadBackUpdate, startReadBackUpdateId } from '../../workflows/messages';
import { probationStart } from '../support/cases';
import { startTestService, type TestService } from '../support/service';

/**
 * A start is one round trip (issue 18): update-with-start of the case and its read-back Update, whose
 * answer says which start the case came from (its content's digest and its request id). The API tells
 * from it a 201 (this request, or its retry) from a 200 (the same start again) from a 409 (another
 * start under the same id), and reads a closed case as before (its first event, then its Query).
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const CADRE = '欧阳砚池';
const startBody = (overrides = {}) => ({
  track: 'probation',
  ...probationStart({ cadre: { id: 'C-77', name: CADRE }, ...overrides }),
});
const withId = (requestId: string) => ({ headers: { 'x-request-id': requestId } });
const pathsOf = (answer: { body: { error: { issues: { path: string }[] } } }) =>
  answer.body.error.issues.map((i) => i.path);

async function runsOf(workflowId: string) {
  const runs = [];
  for await (const run of service.env.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs.push(run);
  }
  return runs;
}

/** The case's history as Temporal stores it: payloads as the codec left them. */
async function rawHistory(workflowId: string) {
  const { history } = await service.env.client.workflowService.getWorkflowExecutionHistory({
    namespace: service.env.namespace ?? 'default',
    execution: { workflowId },
  });
  return history?.events ?? [];
}
const encodingOf = (payload: temporal.api.common.v1.IPayload | undefined) =>
  Buffer.from(payload?.metadata?.encoding ?? []).toString();

describe('a start in one round trip (update-with-start)', () => {
  it('201 for the request that started it and for its retry; 200 for the same body again; 409 for another', async () => {
    const body = startBody();
    const workflowId = `${body.department}/${body.caseId}`;
    const first = randomUUID();
    const created = await service.request('POST', '/v1/cases', body, withId(first));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ workflowId, state: 'serving', context: { cadre: body.cadre } });
    expect(created.body.record[0]).toMatchObject({ type: 'CASE_STARTED', requestId: first });

    // The same request again (its answer was lost, say): the same answer, and still one case.
    const retried = await service.request('POST', '/v1/cases', body, withId(first));
    expect(retried.status).toBe(201);
    expect(retried.body.workflowId).toBe(workflowId);

    // Another request with the same body: the idempotent start.
    const again = await service.request('POST', '/v1/cases', body, withId(randomUUID()));
    expect(again.status).toBe(200);
    expect(again.body.context.cadre).toEqual(body.cadre);
    // Key order and the defaults the start schema fills in are not a difference.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect((await service.request('POST', '/v1/cases', reordered)).status).toBe(200);

    // Another body under the same id, by another request or by the first request's id: 409, never 201.
    const other = { ...body, cadre: { id: 'C-9', name: '别人' } };
    const conflict = await service.request('POST', '/v1/cases', other, withId(randomUUID()));
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('case_exists_with_different_content');
    expect(pathsOf(conflict)).toEqual(['cadre.id', 'cadre.name']);
    const reused = await service.request(
      'POST',
      '/v1/cases',
      { ...body, trialPost: { ...body.trialPost, title: '局长' } },
      withId(first),
    );
    expect(reused.status).toBe(409);
    expect(pathsOf(reused)).toEqual(['trialPost.title']);
    expect(await runsOf(workflowId)).toHaveLength(1);
    // None of the starts after the first wrote to the case's history (conflict policy FAIL: a start
    // reaching a running case is refused, and only the first request's retry finds its read-back).
    const updates = (await rawHistory(workflowId)).filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
    );
    expect(updates).toHaveLength(1);
  });

  it('concurrent starts of one case: one 201, the rest 200, one workflow', async () => {
    const body = startBody();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => service.request('POST', '/v1/cases', body)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(await runsOf(`${body.department}/${body.caseId}`)).toHaveLength(1);
  });

  it('a closed case: the start fails (WorkflowExecutionAlreadyStartedError); same body 200, another 409', async () => {
    const body = startBody();
    const workflowId = `${body.department}/${body.caseId}`;
    const first = randomUUID();
    expect((await service.request('POST', '/v1/cases', body, withId(first))).status).toBe(201);
    const path = `/v1/cases/${body.department}/${body.caseId}/events`;
    await service.request('POST', path, {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: '严重违纪',
      findingId: 'F1',
    });
    const ended = await service.request('POST', path, {
      type: 'VERIFICATION_SUBSTANTIATED',
      reportId: 'F1',
      findings: '属实',
    });
    expect(ended.body).toMatchObject({ state: 'returned', legalEvents: [] });
    await service.env.client.workflow.getHandle(workflowId).result();

    // What the SDK throws for update-with-start on a closed workflow whose id may not be reused.
    const attempt = service.env.client.workflow.executeUpdateWithStart(startReadBackUpdate, {
      args: [{ requestId: 'probe' }],
      updateId: startReadBackUpdateId('probe'),
      startWorkflowOperation: new WithStartWorkflowOperation('probationCase', {
        taskQueue: service.taskQueue,
        workflowId,
        args: [body],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    await expect(attempt).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);

    // The first request again: Temporal still holds its read-back, under its Update id, and answers it
    // again, the start's own answer (as an event's retry after its case closed).
    const retried = await service.request('POST', '/v1/cases', body, withId(first));
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ workflowId, state: 'serving' });
    // Another request: read as before the read-back existed, from its first event and its Query.
    const same = await service.request('POST', '/v1/cases', body, withId(randomUUID()));
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ workflowId, state: 'returned', legalEvents: [] });
    const other = await service.request('POST', '/v1/cases', { ...body, startsOn: '2020-01-02' });
    expect(other.status).toBe(409);
    expect(pathsOf(other)).toEqual(['startsOn']);
    expect(await runsOf(workflowId)).toHaveLength(1);
  });

  it('the history holds one start read-back, its input and result sealed like every payload', async () => {
    const body = startBody();
    const workflowId = `${body.department}/${body.caseId}`;
    const requestId = randomUUID();
    expect((await service.request('POST', '/v1/cases', body, withId(requestId))).status).toBe(201);
    expect((await service.request('POST', '/v1/cases', body, withId(requestId))).status).toBe(201);
    const events = await rawHistory(workflowId);
    const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    const completed = events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    // The retry was deduplicated by its Update id: one read-back in history.
    expect(accepted).toHaveLength(1);
    expect(completed).toHaveLength(1);
    const request = accepted[0]?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
    expect(request?.input?.name).toBe('startReadBack');
    expect(request?.meta?.updateId).toBe(startReadBackUpdateId(requestId));
    const input = request?.input?.args?.payloads ?? [];
    const result =
      completed[0]?.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(input).toHaveLength(1);
    expect(result).toHaveLength(1);
    for (const payload of [...input, ...result, ...started]) {
      expect(encodingOf(payload)).toBe('binary/encrypted');
      expect(Buffer.from(payload.data ?? []).toString()).not.toContain(CADRE);
    }
    // Opened with the key, the result is the case's view, with the start's digest and request id.
    const opened = await decodeFromPayloadsAtIndex<StartReadBack>(
      service.env.client.options.loadedDataConverter,
      0,
      result,
      { type: 'workflow', namespace: service.env.namespace ?? 'default', workflowId },
    );
    expect(opened).toMatchObject({
      view: { context: { cadre: { name: CADRE } } },
      startRequestId: requestId,
    });
    expect(opened.startDigest).toMatch(/^[0-9a-f]{64}$/);
  });
});
