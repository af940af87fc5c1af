import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTelemetry } from '../../worker/telemetry';
import { eventually } from '../cli/support';
import { probationStart } from '../support/cases';
import { freePort } from '../support/ports';
import { startTestService, type TestService } from '../support/service';

/**
 * Logs and metrics in one format (issue 16): the SDK's Runtime, installed as npm start installs it,
 * sends the workflows' logs to the service's pino logger as JSON lines; the SDK's Prometheus exporter
 * answers on its port; the API counts requests by route template; /readyz follows the worker.
 */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
// biome-ignore lint/suspicious/noExplicitAny: log lines are arbitrary JSON
const logged = (): any[] => lines.map((line) => JSON.parse(line));

let service: TestService;
let sdkMetricsUrl: string | undefined;
beforeAll(async () => {
  const port = await freePort();
  // Before any connection: the Runtime is the process's, made once.
  ({ sdkMetricsUrl } = installTelemetry(pino({ name: 'cadre', level: 'debug' }, sink), {
    sdkMetricsAddress: `127.0.0.1:${port}`,
  }));
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

describe('telemetry', () => {
  const body = { track: 'probation', ...probationStart() };
  const workflowId = `${body.department}/${body.caseId}`;

  it("a workflow's log line comes out as the service's pino JSON, with the workflow named", async () => {
    expect((await service.request('POST', '/v1/cases', body)).status).toBe(201);
    // The case workflow logs each step it applies (workflows/case-workflow.ts); `log` runs in the sandbox
    // and reaches the Runtime logger through the SDK's logger sink.
    const report = { reportId: 'R-1', channel: 'online', summary: '反映问题' };
    expect((await service.request('POST', `/v1/cases/${workflowId}/reports`, report)).status).toBe(200);
    await eventually(async () =>
      logged().some((line) => line.sdkComponent === 'workflow' && line.workflowId === workflowId),
    );
    const line = logged().find((l) => l.sdkComponent === 'workflow' && l.workflowId === workflowId);
    expect(line).toMatchObject({
      name: 'cadre',
      component: 'temporal',
      level: 20,
      workflowType: 'probationCase',
      event: 'REPORT_FILED',
      from: 'serving',
    });
    expect(typeof line.time).toBe('number');
    expect(line.msg).toEqual(expect.any(String));
    // Every line is pino's: no second format (the SDK's DefaultLogger wrote "[INFO] message {…}").
    expect(lines.every((l) => l.startsWith('{'))).toBe(true);
  });

  it('GET /metrics counts a request by its route template, naming no case; the SDK exporter answers', async () => {
    expect((await service.request('GET', `/v1/cases/${workflowId}`)).status).toBe(200);
    const scrape = await fetch(`${service.api.url}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();
    expect(text).toMatch(
      /cadre_api_requests_total\{method="GET",route="\/v1\/cases\/:department\/:caseId",status="200"\} [1-9]/,
    );
    expect(text).toContain('cadre_api_request_duration_seconds_bucket');
    expect(text).not.toContain(body.caseId);
    expect(text).not.toContain(body.cadre.name);

    expect(sdkMetricsUrl).toBeDefined();
    const sdk = await fetch(sdkMetricsUrl as string);
    expect(sdk.status).toBe(200);
    // The core's worker metrics, e.g. temporal_worker_task_slots_available{…}.
    expect(await sdk.text()).toMatch(/^temporal_\w+\{/m);
  });

  it('/readyz is 503 with the reason once the worker stops', async () => {
    const ready = await service.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', worker: 'RUNNING' });
    service.worker.shutdown();
    await eventually(async () => service.worker.getState() !== 'RUNNING');
    const stopped = await service.request('GET', '/readyz');
    expect(stopped.status).toBe(503);
    expect(stopped.body.error.message).toMatch(
      /worker of this process is (STOPPING|DRAINING|DRAINED|STOPPED)/,
    );
  });
});
