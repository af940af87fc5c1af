import { randomUUID } from 'node:crypto';
import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIdFor } from '../../domain/case';
import { chinaDateOf } from '../../domain/dates';
import { probationCase } from '../../workflows/index';
import { CaseLimitReached, getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import { CASE_LIMITS } from '../../workflows/session/limits';
import { orgDept, probationStart, unitDept } from '../support/cases';
import { replayOptions, testWorker, timeSkippingEnvironment } from '../support/temporal';

/**
 * No caller can grow a case until Temporal terminates it. Before: every Update answered the whole view
 * (stored in history), so 49 long reports from one department token passed Temporal's history limit and
 * the case was terminated, though the API still called it open. Now an Update answers small, a case takes
 * at most CASE_LIMITS.reports reports (then CaseLimitReached, 429 through the API), and a case whose
 * history grows long continues as new, carrying itself.
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnvironment();
});
afterAll(async () => {
  await env?.teardown();
});

const ATTEMPTS = 1_000;
/** A thousand Updates take a while on 2 busy cores: each test has its own, longer timeout. */
/** Low, so that the case continues as new several times on the way. */
const HISTORY_LIMIT = 150;
/** Temporal refuses a payload above 2 MB: what a continued run carries stays well under it. */
const MAX_CARRIED_BYTES = 1_500_000;

/** Sends `ATTEMPTS` reports (`summary(i)` each), counting those accepted and each kind of refusal. */
async function flood(handle: WorkflowHandle, summary: (i: number) => string) {
  let accepted = 0;
  const refusals: Record<string, number> = {};
  for (let i = 0; i < ATTEMPTS; i++) {
    const report = {
      type: 'REPORT_FILED',
      actor: unitDept,
      reportId: `R-${i}`,
      channel: 'online',
      summary: summary(i),
    };
    try {
      const outcome = await handle.executeUpdate(sendEventUpdate, { args: [report] });
      expect(outcome.applied).toHaveLength(1);
      accepted++;
    } catch (error) {
      const type =
        error instanceof WorkflowUpdateFailedError
          ? ((error.cause as { type?: string } | undefined)?.type ?? 'unknown')
          : String(error);
      refusals[type] = (refusals[type] ?? 0) + 1;
    }
  }
  return { accepted, refusals };
}

/** Every run of the case, oldest first, followed from the first through each continue-as-new. */
async function runsOf(handle: WorkflowHandle, firstRunId: string) {
  const runs: {
    runId: string;
    history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
    startBytes: number;
  }[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const startBytes = (started?.input?.payloads ?? []).reduce((sum, p) => sum + (p.data?.length ?? 0), 0);
    runs.push({ runId, history, startBytes });
    runId =
      history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

async function withFloodedCase(
  summary: (i: number) => string,
  check: (
    handle: WorkflowHandle,
    flooded: Awaited<ReturnType<typeof flood>>,
    firstRunId: string,
  ) => Promise<void>,
) {
  const taskQueue = `tq-${randomUUID()}`;
  const worker = await testWorker(env, taskQueue);
  const input = probationStart({ startsOn: chinaDateOf(await env.currentTimeMs()) });
  await worker.runUntil(async () => {
    const first = await env.client.workflow.start(probationCase, {
      taskQueue,
      workflowId: workflowIdFor(input),
      args: [input, undefined, { historyLimit: HISTORY_LIMIT }],
    });
    const handle = env.client.workflow.getHandle(first.workflowId);
    try {
      await check(handle, await flood(handle, summary), first.firstExecutionRunId);
    } finally {
      await handle.terminate('test finished').catch(() => undefined);
    }
  });
}

/** Alive and correct: every accepted report on the record, in order, the case held and answering. */
async function expectAliveAndCorrect(handle: WorkflowHandle, accepted: number) {
  const view = await handle.query(getCaseQuery);
  expect(view.status).toBe('open');
  expect(view.record.filter((r) => r.type === 'REPORT_FILED')).toHaveLength(accepted);
  expect(view.record.map((r) => r.seq)).toEqual(view.record.map((_, i) => i + 1));
  expect(view.legalEvents).toContain('VERIFICATION_CLEARED');
  expect(view.deadlines.map((d) => d.timer)).toEqual(['probationExpiry']);
  const cleared = await handle.executeUpdate(sendEventUpdate, {
    args: [{ type: 'VERIFICATION_CLEARED', actor: orgDept, reportId: 'R-0', findings: '经核查不属实' }],
  });
  expect(cleared.applied[0]).toMatchObject({ type: 'VERIFICATION_CLEARED' });
}

describe('a case under a flood of reports', () => {
  it(`${ATTEMPTS} tiny reports: ${CASE_LIMITS.reports} are taken, the rest refused (429), the case continued as new and replays`, async () => {
    await withFloodedCase(
      (i) => `反映问题${i}`,
      async (handle, { accepted, refusals }, firstRunId) => {
        expect(accepted).toBe(CASE_LIMITS.reports);
        expect(refusals).toEqual({ [CaseLimitReached]: ATTEMPTS - CASE_LIMITS.reports });
        await expectAliveAndCorrect(handle, accepted);
        const runs = await runsOf(handle, firstRunId);
        expect(runs.length).toBeGreaterThan(1);
        for (const run of runs) expect(run.startBytes).toBeLessThan(MAX_CARRIED_BYTES);
        // The last run began from a carried case: it replays on today's code.
        const latest = runs.at(-1);
        await Worker.runReplayHistory(await replayOptions(), latest?.history, latest?.runId);
      },
    );
  }, 300_000);

  it(`${ATTEMPTS} reports of 4,000 characters: taken until the record is full, the rest refused (429); what a continued run carries stays under 2 MB`, async () => {
    await withFloodedCase(
      (i) => `反映问题${i}：${'详'.repeat(3_990)}`,
      async (handle, { accepted, refusals }, firstRunId) => {
        // 4,000 汉字 are 12,000 bytes: the record fills before the report count does.
        expect(accepted).toBeGreaterThan(10);
        expect(accepted).toBeLessThan(CASE_LIMITS.reports);
        expect(refusals).toEqual({ [CaseLimitReached]: ATTEMPTS - accepted });
        await expectAliveAndCorrect(handle, accepted);
        const runs = await runsOf(handle, firstRunId);
        expect(runs.length).toBeGreaterThan(1);
        for (const run of runs) expect(run.startBytes).toBeLessThan(MAX_CARRIED_BYTES);
        const latest = runs.at(-1);
        await Worker.runReplayHistory(await replayOptions(), latest?.history, latest?.runId);
      },
    );
  }, 300_000);
});
