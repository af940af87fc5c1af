import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMachines } from '../../worker/api-machines';
import { probationStart, uniqueCaseId } from '../support/cases';
import { startTestService, type TestService } from '../support/service';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const startBody = (overrides = {}) => ({ track: 'probation', ...probationStart(overrides) });

describe('credentials and department boundaries', () => {
  it('refuses a request without a token, or with an unknown one, with 401 and a reason', async () => {
    const none = await service.request('GET', '/v1/cases', undefined, { token: null });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({
      code: 'unauthenticated',
      message: expect.stringContaining('Bearer'),
    });
    const unknown = await service.request('GET', '/v1/cases', undefined, { token: 'cadre_forged' });
    expect(unknown.status).toBe(401);
  });

  it("a department acts on its own cases only: another department's case is 403 and stays as it was", async () => {
    const body = startBody({ department: 'district-finance' });
    expect((await service.request('POST', '/v1/cases', body, { token: service.tokens.finance })).status).toBe(
      201,
    );
    const path = `/v1/cases/${body.department}/${body.caseId}`;

    const education = { token: service.tokens.education };
    expect((await service.request('GET', path, undefined, education)).status).toBe(403);
    const event = await service.request(
      'POST',
      `${path}/events`,
      { type: 'SERIOUS_PROBLEM_FOUND', findings: 'x' },
      education,
    );
    expect(event.status).toBe(403);
    expect(event.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('district-finance'),
    });
    expect((await service.request('GET', path)).body.state).toBe('serving');

    const foreignStart = await service.request(
      'POST',
      '/v1/cases',
      startBody({ department: 'district-finance' }),
      education,
    );
    expect(foreignStart.status).toBe(403);
  });

  it("lists only the caller department's cases, while the organization department sees all", async () => {
    const finance = startBody({ department: 'district-finance' });
    const education = startBody({ department: 'district-education' });
    await service.request('POST', '/v1/cases', finance);
    await service.request('POST', '/v1/cases', education);
    await eventually(async () => {
      const all = await service.request('GET', '/v1/cases?track=probation&pageSize=200');
      const ids = all.body.cases.map((c: { caseId: string }) => c.caseId);
      return ids.includes(finance.caseId) && ids.includes(education.caseId);
    });
    const own = await service.request('GET', '/v1/cases?pageSize=200', undefined, {
      token: service.tokens.education,
    });
    const departments = new Set(own.body.cases.map((c: { department: string }) => c.department));
    expect([...departments]).toEqual(['district-education']);
    // Asking for another department's cases does not widen the view.
    const sneaky = await service.request('GET', '/v1/cases?department=district-finance', undefined, {
      token: service.tokens.education,
    });
    expect(
      sneaky.body.cases.every((c: { department: string }) => c.department === 'district-education'),
    ).toBe(true);
  });
});

describe('idempotent start under concurrent duplicates', () => {
  it('ten simultaneous starts of one case make one workflow: one 201, nine 200', async () => {
    const body = startBody({ caseId: uniqueCaseId('dup') });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => service.request('POST', '/v1/cases', body)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const runs = [];
    for await (const run of service.env.client.workflow.list({
      query: `WorkflowId = '${body.department}/${body.caseId}'`,
    })) {
      runs.push(run);
    }
    expect(runs).toHaveLength(1);
  });
});

describe('listing, filters, the ledger and the record', () => {
  it('filters by stage, nominator and deadline range, and pages with a token', async () => {
    const nominator = `nominator-${uniqueCaseId('n')}`;
    const bodies = [
      startBody({ nominatedBy: [nominator] }),
      startBody({ nominatedBy: [nominator] }),
      startBody({ nominatedBy: [nominator] }),
    ];
    for (const body of bodies) await service.request('POST', '/v1/cases', body);
    await eventually(async () => {
      const page = await service.request('GET', `/v1/cases?nominator=${nominator}&stage=serving`);
      return page.body.cases.length === 3;
    });

    const first = await service.request('GET', `/v1/cases?nominator=${nominator}&pageSize=2`);
    expect(first.body.cases).toHaveLength(2);
    expect(first.body.nextPageToken).toBeTruthy();
    const second = await service.request(
      'GET',
      `/v1/cases?nominator=${nominator}&pageSize=2&pageToken=${first.body.nextPageToken}`,
    );
    expect(second.body.cases).toHaveLength(1);
    const seen = [...first.body.cases, ...second.body.cases].map((c: { caseId: string }) => c.caseId).sort();
    expect(seen).toEqual(bodies.map((b) => b.caseId).sort());

    // Every one of them expires about a year from now; none within the next month.
    const now = Date.now();
    const within = (from: number, to: number) =>
      service.request(
        'GET',
        `/v1/cases?nominator=${nominator}&deadlineFrom=${new Date(from).toISOString()}&deadlineTo=${new Date(to).toISOString()}`,
      );
    expect((await within(now, now + 30 * 86_400_000)).body.cases).toHaveLength(0);
    expect((await within(now + 300 * 86_400_000, now + 400 * 86_400_000)).body.cases).toHaveLength(3);
  });

  it("a nominator's ledger lists the cases they nominated in and how each ended", async () => {
    const nominator = `leader-${uniqueCaseId('l')}`;
    const kept = startBody({ nominatedBy: [nominator] });
    const ended = startBody({ nominatedBy: [nominator, 'someone-else'] });
    await service.request('POST', '/v1/cases', kept);
    await service.request('POST', '/v1/cases', ended);
    await service.request('POST', `/v1/cases/${ended.department}/${ended.caseId}/events`, {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: '严重违纪',
      findingId: 'F1',
    });
    await service.request('POST', `/v1/cases/${ended.department}/${ended.caseId}/events`, {
      type: 'VERIFICATION_SUBSTANTIATED',
      reportId: 'F1',
      findings: '属实',
    });
    await eventually(async () => {
      const ledger = await service.request('GET', `/v1/nominators/${nominator}/ledger`);
      return ledger.body.totals.ended_early === 1 && ledger.body.totals.open === 1;
    });
    const ledger = await service.request('GET', `/v1/nominators/${nominator}/ledger`);
    expect(ledger.body.cases.map((c: { caseId: string }) => c.caseId).sort()).toEqual(
      [kept.caseId, ended.caseId].sort(),
    );
  });

  it('exports the case record as JSON and as a readable Chinese document', async () => {
    const body = startBody();
    await service.request('POST', '/v1/cases', body);
    const path = `/v1/cases/${body.department}/${body.caseId}`;
    await service.request('POST', `${path}/events`, {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: '严重违纪',
      findingId: 'F1',
      reason: '纪委通报',
    });
    const json = await service.request('GET', `${path}/record`);
    expect(json.body.record.map((r: { type: string }) => r.type)).toContain('SERIOUS_PROBLEM_FOUND');
    const text = await service.request('GET', `${path}/record?format=text`);
    expect(text.status).toBe(200);
    expect(text.body).toContain('干部选拔任用工作纪实\n（试用期）');
    expect(text.body).toContain('事由：纪委通报');
    expect(text.body).toContain('经办：张处长（组织部门）');
  });
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('visibility did not catch up in time');
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe('the typed client', () => {
  it('starts, reads and drives a case, and raises typed errors with the legal events', async () => {
    const { CadreClient, CadreApiError } = await import('../../api/client');
    const cadre = new CadreClient({ baseUrl: service.api.url, token: service.tokens.finance });
    const start = { track: 'probation' as const, ...probationStart({ department: 'district-finance' }) };
    const first = await cadre.startCase(start);
    expect(first).toMatchObject({ created: true, case: { state: 'serving' } });
    expect((await cadre.startCase(start)).created).toBe(false);
    const key = { department: start.department, caseId: start.caseId };

    const refusal = await cadre.sendEvent(key, { type: 'REVIEW_PASSED' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CadreApiError);
    expect(refusal).toMatchObject({
      status: 409,
      code: 'illegal_transition',
      legalEvents: ['SERIOUS_PROBLEM_FOUND', 'REPORT_FILED'],
    });

    const forbidden = await new CadreClient({ baseUrl: service.api.url, token: service.tokens.education })
      .getCase(key)
      .catch((error: unknown) => error);
    expect(forbidden).toMatchObject({ status: 403, code: 'forbidden' });

    await cadre.sendEvent(key, {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: '严重违纪',
      findingId: 'F1',
    } as never);
    // The finding holds the case; only the organization department's verification ends it.
    const org = new CadreClient({ baseUrl: service.api.url, token: service.tokens.org });
    const after = await org.sendEvent(key, {
      type: 'VERIFICATION_SUBSTANTIATED',
      reportId: 'F1',
      findings: '属实',
    } as never);
    expect(after.outcome).toBe('ended_early');
    expect(await cadre.recordDocument(key)).toContain('严重违纪');
  });
});

describe('supervision reports', () => {
  it('a report filed on a probation case holds confirmation until it is verified', async () => {
    const body = startBody({ department: 'district-finance' });
    await service.request('POST', '/v1/cases', body, { token: service.tokens.finance });
    const path = `/v1/cases/${body.department}/${body.caseId}`;
    const filed = await service.request(
      'POST',
      `${path}/reports`,
      { reportId: 'R-100', channel: 'online', summary: '反映试用期间存在违规问题' },
      { token: service.tokens.finance },
    );
    expect(filed.status).toBe(200);
    expect(filed.body.applied).toEqual([expect.objectContaining({ type: 'REPORT_FILED' })]);
    // Who reported and what are the organization department's to read (test/api/confidentiality.test.ts).
    const held = await service.request('GET', path);
    expect(held.body.context.reports).toEqual([
      expect.objectContaining({
        id: 'R-100',
        status: 'pending',
        filedBy: expect.objectContaining({ id: 'fin-hr' }),
      }),
    ]);
    // The department's answer lists what it may send; the verification is the organization department's.
    expect(filed.body.legalEvents).toEqual(['SERIOUS_PROBLEM_FOUND', 'REPORT_FILED']);
    expect(held.body.legalEvents).toEqual(
      expect.arrayContaining(['VERIFICATION_CLEARED', 'VERIFICATION_SUBSTANTIATED']),
    );

    const again = await service.request('POST', `${path}/reports`, {
      reportId: 'R-100',
      channel: 'online',
      summary: 'x',
    });
    expect(again.status).toBe(409); // the same report id twice
    const invalid = await service.request('POST', `${path}/reports`, {
      reportId: 'R-101',
      channel: 'carrier-pigeon',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['channel', 'summary']),
    );
  });
});

describe('rate limits', () => {
  it('a credential over its limit gets 429 in the error shape; another credential is not affected', async () => {
    const { startApi } = await import('../../api/server');
    const { builtInCalendar, coveredYears } = await import('../../machines/calendar');
    const { hashToken } = await import('../../api/credentials');
    const pino = (await import('pino')).default;
    const limited = await startApi(
      {
        client: service.env.client,
        taskQueue: service.taskQueue,
        logger: pino({ level: 'silent' }),
        credentials: [
          { id: 'busy', name: 'busy', role: 'organization_department', tokenSha256: hashToken('busy-token') },
          { id: 'calm', name: 'calm', role: 'organization_department', tokenSha256: hashToken('calm-token') },
        ],
        builtInCalendarYears: coveredYears(builtInCalendar),
        machines: apiMachines(),
        rateLimitPerMinute: 3,
      },
      '127.0.0.1',
      0,
    );
    try {
      const get = (token: string) =>
        fetch(`${limited.url}/v1/calendar`, { headers: { authorization: `Bearer ${token}` } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get('busy-token')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await get('busy-token');
      expect(await refused.json()).toMatchObject({ error: { status: 429, code: 'rate_limited' } });
      expect((await get('calm-token')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
