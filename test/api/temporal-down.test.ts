import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { type Credential, hashToken, newToken } from '../../api/credentials';
import { type RunningApi, startApi } from '../../api/server';
import { apiConnectionOptions, apiRetryPolicy } from '../../api/temporal-connection';
import { builtInCalendar, coveredYears } from '../../machines/calendar';
import { apiMachines } from '../../worker/api-machines';
import { type DevServer, startDevServer } from '../../worker/dev-server';
import { waitForNamespace } from '../../worker/namespace';
import { createCaseWorker, embeddedPorts } from '../../worker/worker';
import { probationStart } from '../support/cases';
import { testDataConverter, testKeyring } from '../support/keys';
import { freePort } from '../support/ports';
import { freshDataDir, workflowBundle } from '../support/temporal';

/**
 * When Temporal, or the case's worker, does not answer, the API says so: 503 with Retry-After, from the
 * API's own retry policy (Temporal down) or its own deadline (a worker down), never a 500 after the
 * SDK's 20 s of retries. No timing is asserted; the test's timeout is far below what the SDK's default
 * retries would take, and the deadline is named by the answer.
 */
const UNAVAILABLE = { code: 14, details: 'No connection established', metadata: undefined as never };
const RESOURCE_EXHAUSTED = { code: 8, details: 'limit', metadata: undefined as never };

describe("the API's retry policy", () => {
  it('gives up on an unreachable Temporal, or one at its limit, after a few short retries', () => {
    const attemptsFor = (status: typeof UNAVAILABLE) => {
      let attempt = 1;
      while (apiRetryPolicy.retryableDecider(attempt, status)) attempt++;
      return attempt;
    };
    expect(attemptsFor(UNAVAILABLE)).toBe(3);
    expect(attemptsFor(RESOURCE_EXHAUSTED)).toBe(5);
    // The most it can wait between tries, jitter included: inside the 2 s the API promises.
    const worst = (attempts: number, status: typeof UNAVAILABLE) =>
      Array.from({ length: attempts - 1 }, (_, i) =>
        Math.max(...Array.from({ length: 200 }, () => apiRetryPolicy.delayFunction(i + 1, status))),
      ).reduce((a, b) => a + b);
    expect(worst(3, UNAVAILABLE)).toBeLessThan(1_000);
    expect(worst(5, RESOURCE_EXHAUSTED)).toBeLessThan(2_000);
  });
});

const token = newToken();
const credentials: Credential[] = [
  { id: 'od-zhang', name: '张处长', role: 'organization_department', tokenSha256: hashToken(token) },
];
const taskQueue = 'temporal-down';
const deadlines = { callMs: 1_500, actMs: 1_500 };
let server: DevServer;
let connection: Connection;
let api: RunningApi;
let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;

async function runWorker(address: string) {
  const native = await NativeConnection.connect({ address });
  const w = await createCaseWorker({
    connection: native,
    namespace: 'default',
    taskQueue,
    ports: embeddedPorts(freshDataDir(), testKeyring),
    keyring: testKeyring,
    workflowBundle: await workflowBundle(),
  });
  worker = { worker: w, running: w.run(), connection: native };
}
async function stopWorker() {
  if (!worker) return;
  if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
  await worker.running;
  await worker.connection.close();
  worker = undefined;
}

const deps = (client: Client, queue = taskQueue) => ({
  client,
  taskQueue: queue,
  logger: pino({ level: 'silent' }),
  credentials,
  builtInCalendarYears: coveredYears(builtInCalendar),
  machines: apiMachines(),
  deadlines,
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
    body: (await response.json()) as any,
  };
}

beforeAll(async () => {
  server = await startDevServer({
    dataDir: freshDataDir(),
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
  });
  connection = await Connection.connect({ address: server.address, ...apiConnectionOptions() });
  await waitForNamespace(connection, 'default');
  api = await startApi(
    deps(new Client({ connection, namespace: 'default', dataConverter: testDataConverter() })),
    '127.0.0.1',
    0,
  );
  await runWorker(server.address);
});
afterAll(async () => {
  await api?.close();
  await stopWorker();
  await connection?.close();
  await server?.stop();
});

describe('Temporal or the worker down', () => {
  const body = probationStart();
  const path = `/v1/cases/${body.department}/${body.caseId}`;
  // Under the second rules edition a finding holds the case until it is verified; a second one with the
  // same finding id would be refused, so a 200 for the repeat shows the retry was deduped.
  const event = { type: 'SERIOUS_PROBLEM_FOUND', findings: '严重违纪', findingId: 'F-1' };

  it('readiness covers the worker: ready with one polling, 503 for a task queue nobody polls', async () => {
    expect((await call('POST', '/v1/cases', { track: 'probation', ...body })).status).toBe(201);
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.workers).toBeGreaterThanOrEqual(1);

    const unpolled = createApp(
      deps(
        new Client({ connection, namespace: 'default', dataConverter: testDataConverter() }),
        'nobody-polls-this',
      ),
    );
    const response = await unpolled.request('/readyz');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'nobody-polls-this',
    );
  });

  it("the worker down: an event answers 503 at the API's deadline, and its retry by request id applies once", async () => {
    await stopWorker();
    const headers = { 'x-request-id': `retry-me-${body.caseId}` };
    const waited = await call('POST', `${path}/events`, event, headers);
    expect(waited.status).toBe(503);
    expect(waited.retryAfter).toBe('2');
    expect(waited.body.error).toMatchObject({ code: 'unavailable' });
    expect(waited.body.error.message).toContain("before this request's deadline");

    await runWorker(server.address);
    // A caller told 503 + Retry-After retries with the same request id until it is answered: the worker
    // just started may still be replaying the case (on a loaded machine, past one request's deadline).
    let retried = await call('POST', `${path}/events`, event, headers);
    for (let attempt = 0; retried.status === 503 && attempt < 30; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      retried = await call('POST', `${path}/events`, event, headers);
    }
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.legalEvents).toContain('VERIFICATION_SUBSTANTIATED');
    const again = await call('POST', `${path}/events`, event, headers);
    expect(again.status).toBe(200);
    const record = (await call('GET', path)).body.record as { type: string }[];
    expect(record.filter((entry) => entry.type === 'SERIOUS_PROBLEM_FOUND')).toHaveLength(1);
  });

  it('a closed case with its worker down: an event is refused 409 under the stage’s own words, not its id', async () => {
    // The finding above, substantiated: the cadre returns to the pre-probation post and the case closes.
    const substantiated = { type: 'VERIFICATION_SUBSTANTIATED', reportId: 'F-1', findings: '属实' };
    const closingId = { 'x-request-id': `closing-${body.caseId}` };
    let closing = await call('POST', `${path}/events`, substantiated, closingId);
    // As above: the worker restarted by the test before may still be catching up; a caller retries a 503.
    for (let attempt = 0; closing.status === 503 && attempt < 30; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      closing = await call('POST', `${path}/events`, substantiated, closingId);
    }
    expect(closing.status, JSON.stringify(closing.body)).toBe(200);
    // Closed once it has archived its record and its workflow has completed.
    const handle = new Client({ connection, namespace: 'default' }).workflow.getHandle(
      `${body.department}/${body.caseId}`,
    );
    while ((await handle.describe()).status.name !== 'COMPLETED')
      await new Promise((resolve) => setTimeout(resolve, 200));

    // No worker answers the case's Query now: only Temporal's description of it is at hand.
    await stopWorker();
    const refused = await call('POST', `${path}/events`, event, { 'x-request-id': `late-${body.caseId}` });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'case_closed',
      state: 'returned',
      label: { zh: '退回原单位', en: 'Returned to the pre-probation post' },
      legalEvents: [],
    });
    expect(refused.body.error.message).toContain('(Returned to the pre-probation post)');
  });

  it('Temporal down: every route answers 503 with Retry-After, from the retry policy, not the deadline', async () => {
    process.kill(server.pid, 'SIGKILL');
    await server.exited;
    const answers = [];
    for (const [method, route, payload] of [
      ['GET', '/readyz'],
      ['GET', path],
      ['POST', `${path}/events`, event],
      ['POST', '/v1/cases', { track: 'probation', ...probationStart() }],
      ['GET', '/v1/cases'],
    ] as const) {
      const started = performance.now();
      const answer = await call(method, route, payload);
      answers.push({ route: `${method} ${route}`, ms: Math.round(performance.now() - started) });
      expect(answer.status, route).toBe(503);
      expect(answer.retryAfter, route).toBe('5');
      expect(answer.body.error.message, route).toMatch(/Temporal (is )?unreachable/);
    }
    console.log('Temporal down, time to a 503:', JSON.stringify(answers));
  }, 20_000);
});
