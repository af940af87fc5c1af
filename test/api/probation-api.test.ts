import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCaseQuery } from '../../workflows/messages';
import { probationStart } from '../support/cases';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const startBody = (overrides = {}) => ({ track: 'probation', ...probationStart(overrides) });

describe('probation over HTTP, against a real worker and dev server', () => {
  it('starts a case, reads it, and shows it to operators with search attributes and a summary', async () => {
    const body = startBody();
    const started = await service.request('POST', '/v1/cases', body);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      workflowId: `${body.department}/${body.caseId}`,
      track: 'probation',
      state: 'serving',
      label: { zh: '试用期中', en: 'On probation' },
      legalEvents: ['SERIOUS_PROBLEM_FOUND', 'REPORT_FILED'],
    });
    expect(started.body.deadlines[0]).toMatchObject({ timer: 'probationExpiry', event: 'PROBATION_EXPIRED' });

    const read = await service.request('GET', `/v1/cases/${body.department}/${body.caseId}`);
    expect(read.status).toBe(200);
    expect(read.body.state).toBe('serving');
    // The record begins with who started the case, through which request.
    expect(read.body.record[0]).toMatchObject({ type: 'CASE_STARTED', actor: { id: 'od-zhang' } });
    expect(read.body.record[0].requestId).toMatch(/^[0-9a-f-]{36}$/);

    const description = await service.env.client.workflow.getHandle(started.body.workflowId).describe();
    expect(description.type).toBe('probationCase');
    const attributes = description.searchAttributes as Record<string, unknown[]>;
    expect(attributes.CaseTrack).toEqual(['probation']);
    expect(attributes.CaseStage).toEqual(['serving']);
    expect(attributes.CaseDepartment).toEqual([body.department]);
    expect(attributes.ProbationEndsAt).toHaveLength(1);
    // Cadres are named by id in Temporal's metadata (domain/metadata.ts), never by name.
    expect(await description.staticSummary()).toBe('试用期 Probation · C-1001 · 区财政局 副局长');
  });

  it('the same department and case id twice returns the existing case and starts no second workflow', async () => {
    const body = startBody();
    const first = await service.request('POST', '/v1/cases', body);
    const again = await service.request('POST', '/v1/cases', body);
    const other = await service.request('POST', '/v1/cases', { ...body, cadre: { id: 'C-9', name: '别人' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.context.cadre).toEqual(body.cadre);
    // Another body under the same id is refused, naming what differs (test/api/search.test.ts).
    expect(other.status).toBe(409);
    expect(other.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['cadre.id', 'cadre.name']);
    const runs = await collect(
      service.env.client.workflow.list({ query: `WorkflowId = '${body.department}/${body.caseId}'` }),
    );
    expect(runs).toHaveLength(1);
  });

  it('an illegal event is a 409 naming the state and the legal events, and changes nothing, history included', async () => {
    const body = startBody();
    const { body: started } = await service.request('POST', '/v1/cases', body);
    const handle = service.env.client.workflow.getHandle(started.workflowId);
    await waitFor(async () => (await handle.query(getCaseQuery)).record.length === 2); // first effect done
    // The effects run as local activities inside the first workflow task; a Query that arrived while it
    // ran comes with a task of its own after it. Counted once no task is pending.
    await waitFor(async () => !(await handle.describe()).raw.pendingWorkflowTask);
    const before = await handle.query(getCaseQuery);
    await waitFor(async () => !(await handle.describe()).raw.pendingWorkflowTask);
    const eventsBefore = (await handle.fetchHistory()).events;
    const historyBefore = eventsBefore?.length;

    const refused = await service.request('POST', `/v1/cases/${body.department}/${body.caseId}/events`, {
      type: 'REVIEW_PASSED',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'illegal_transition',
      state: 'serving',
      label: { zh: '试用期中', en: 'On probation' },
      legalEvents: ['SERIOUS_PROBLEM_FOUND', 'REPORT_FILED'],
    });
    expect(await handle.query(getCaseQuery)).toEqual(before);
    // Nothing of the refused event reaches history: no Update, no command. (Since the effects run as
    // local activities, the first refusal after a task that ran them may leave that empty workflow
    // task itself in history — three events, once: the refusals after it leave none.)
    const updates = (events: { workflowExecutionUpdateAcceptedEventAttributes?: unknown }[] | null = []) =>
      (events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    const afterFirst = (await handle.fetchHistory()).events;
    expect(updates(afterFirst)).toBe(updates(eventsBefore));
    expect(
      afterFirst
        ?.slice(historyBefore ?? 0)
        .every(
          (e) =>
            e.workflowTaskScheduledEventAttributes ||
            e.workflowTaskStartedEventAttributes ||
            e.workflowTaskCompletedEventAttributes,
        ),
    ).toBe(true);
    for (let i = 0; i < 3; i++) {
      const again = await service.request('POST', `/v1/cases/${body.department}/${body.caseId}/events`, {
        type: 'REVIEW_PASSED',
      });
      expect(again.status).toBe(409);
    }
    expect((await handle.fetchHistory()).events?.length).toBe(afterFirst?.length);
  });

  it('a legal event moves the case; an event for a closed case is a 409 case_closed', async () => {
    const body = startBody();
    await service.request('POST', '/v1/cases', body);
    const path = `/v1/cases/${body.department}/${body.caseId}/events`;
    const held = await service.request(
      'POST',
      path,
      { type: 'SERIOUS_PROBLEM_FOUND', findings: '严重违纪', findingId: 'F1', reason: '纪委通报' },
      { token: service.tokens.finance },
    );
    // The finding holds the case; the organization department's verification ends it (second edition).
    expect(held.body).toMatchObject({ state: 'serving' });
    const ended = await service.request('POST', path, {
      type: 'VERIFICATION_SUBSTANTIATED',
      reportId: 'F1',
      findings: '属实',
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ state: 'returned', outcome: 'ended_early', legalEvents: [] });
    // The actor is the caller the token names; the request id reaches the case record (the entries the
    // event added are in its answer).
    const step = held.body.applied.find((r: { type: string }) => r.type === 'SERIOUS_PROBLEM_FOUND');
    expect(step).toMatchObject({ actor: { id: 'fin-hr', role: 'department' }, reason: '纪委通报' });
    expect(step.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await service.env.client.workflow.getHandle(ended.body.workflowId).result();

    const late = await service.request('POST', path, {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: 'x',
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'case_closed', state: 'returned' });
  });

  it('bad input gets a clear error: malformed JSON 400, invalid content 422 with field paths, unknown case 404', async () => {
    const malformed = await service.request('POST', '/v1/cases', '{"track":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');

    const invalid = await service.request('POST', '/v1/cases', {
      ...startBody(),
      startsOn: '2026-13-40',
      cadre: {},
    });
    expect(invalid.status).toBe(422);
    const paths = invalid.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['startsOn', 'cadre.id', 'cadre.name']));

    const timerEvent = await service.request('POST', '/v1/cases/district-finance/none/events', {
      type: 'PROBATION_EXPIRED',
    });
    expect(timerEvent.status).toBe(422); // only the case's own timer raises it

    const missing = await service.request('GET', '/v1/cases/district-finance/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');

    const tooBig = await postOversized(`${service.api.url}/v1/cases`, 300 * 1024);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).error.code).toBe('payload_too_large');
  });

  it('a policy that lengthens or shortens the probation is refused at start: 422 on policy', async () => {
    for (const months of [11, 13]) {
      const refused = await service.request('POST', '/v1/cases', {
        ...startBody(),
        policy: { probation: { months } },
      });
      expect(refused.status).toBe(422);
      const issues = refused.body.error.issues as { path: string; message: string }[];
      expect(issues.some((i) => i.path === 'policy' && i.message.includes('probation.months'))).toBe(true);
    }
  });

  it('serves health, readiness, the OpenAPI document and the docs page', async () => {
    expect((await service.request('GET', '/healthz')).status).toBe(200);
    expect((await service.request('GET', '/readyz')).body.status).toBe('ok');
    const doc = await service.request('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/cases',
        '/v1/cases/{department}/{caseId}',
        '/v1/cases/{department}/{caseId}/events',
      ]),
    );
    const docs = await fetch(`${service.api.url}/docs`);
    expect(await docs.text()).toContain('/docs/scalar.js');
  });
});

/**
 * The server answers 413 as soon as it sees the length and closes the connection, which can cut off
 * fetch's upload and hide the answer; a raw request reads the answer whatever happens to the upload.
 */
function postOversized(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const body = JSON.stringify({ padding: 'x'.repeat(bytes) });
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') fail(error);
    });
    req.end(body);
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('nothing a client sends produces a 500', () => {
  it('answers hostile and odd input with 4xx', async () => {
    const attempts: [string, string, unknown][] = [
      ['GET', '/v1/cases?pageToken=not-a-real-token', undefined],
      ['GET', '/v1/cases?pageSize=0', undefined],
      ['GET', '/v1/cases?pageSize=abc', undefined],
      ['GET', "/v1/cases?stage=serving' OR 1=1", undefined],
      ['GET', '/v1/cases?deadlineFrom=yesterday', undefined],
      ['GET', '/v1/cases/%2e%2e/%2e%2e', undefined],
      ['GET', `/v1/cases/${'x'.repeat(200)}/1`, undefined],
      ['GET', '/v1/nominators/%00/ledger', undefined],
      ['POST', '/v1/cases', null],
      ['POST', '/v1/cases', []],
      ['POST', '/v1/cases', 'null'],
      ['POST', '/v1/cases', '"a string"'],
      ['POST', '/v1/cases', { track: 'promotion-of-my-cousin' }],
      [
        'POST',
        '/v1/cases',
        { track: 'probation', policy: { vote: { quorum: { numerator: 1, denominator: 0 } } } },
      ],
      ['POST', '/v1/cases/district-finance/x/events', { type: 'REVIEW_PASSED', __proto__: { admin: true } }],
      ['POST', '/v1/cases/district-finance/x/events', { type: 42 }],
      ['POST', '/v1/cases/district-finance/x/events', '{"type": "REVIEW_PASSED", "findings": "\u0000"}'],
      ['DELETE', '/v1/cases/district-finance/x', undefined],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await service.request(method, path, body);
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      expect(answer.body.error?.code, `${method} ${path}`).toBeTruthy();
    }
  });
});
