import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxFileNotifier, readOutbox } from '../../activities/notifier';
import { FilePersonnelRegistry } from '../../activities/personnel-registry';
import { FileRecordStore } from '../../activities/record-store';
import { workflowIdFor } from '../../domain/case';
import { chinaDateOf } from '../../domain/dates';
import type { ProbationStart } from '../../domain/tracks/probation';
import { probationCase } from '../../workflows/index';
import { getCaseQuery, IllegalTransition, sendEventUpdate } from '../../workflows/messages';
import {
  failingProbationReview,
  orgDept,
  passingProbationReview,
  probationStart,
  unitDept,
} from '../support/cases';
import { historySince } from '../support/history-since';
import { testSealer } from '../support/keys';
import { freshDataDir, testWorker, timeSkippingEnvironment } from '../support/temporal';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnvironment();
});
afterAll(async () => {
  await env?.teardown();
});

function ports() {
  const dir = freshDataDir();
  return {
    registry: new FilePersonnelRegistry(join(dir, 'registry.json'), testSealer),
    notifier: new OutboxFileNotifier(join(dir, 'outbox.jsonl'), testSealer),
    records: new FileRecordStore(join(dir, 'records'), testSealer),
    // The archive is sealed on disk: read as the operator's tool opens it.
    archived: (department: string, caseId: string) => {
      const open = (file: string, purpose: string) =>
        testSealer.open(readFileSync(join(dir, 'records', department, file), 'utf8').trim(), purpose);
      return {
        json: JSON.parse(open(`${caseId}.json`, 'record')),
        text: open(`${caseId}.txt`, 'record-document'),
      };
    },
    notifications: () => readOutbox(join(dir, 'outbox.jsonl'), testSealer) as { kind: string; to: string }[],
  };
}

/** Runs `body` with a fresh worker and a started probation case. */
async function withCase(
  body: (
    handle: Awaited<ReturnType<typeof env.client.workflow.start<typeof probationCase>>>,
    p: ReturnType<typeof ports>,
    input: ProbationStart,
  ) => Promise<void>,
  overrides: Partial<ProbationStart> = {},
) {
  const taskQueue = `tq-${randomUUID()}`;
  const p = ports();
  const worker = await testWorker(env, taskQueue, p);
  // The server's clock has moved on with earlier tests' skips: probation starts on the server's today.
  const startsOn = chinaDateOf(await env.currentTimeMs());
  const input = probationStart({ startsOn, ...overrides });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(probationCase, {
      taskQueue,
      workflowId: workflowIdFor(input),
      args: [input],
    });
    try {
      await body(handle, p, input);
    } finally {
      // An open case whose timer fires with no worker polling would stop the shared server skipping time.
      await handle.terminate('test finished').catch(() => undefined);
    }
  });
}

describe('probation workflow on the time-skipping server', () => {
  it('a year passes, the review opens by itself, a failed review restores the pre-probation post', async () => {
    await withCase(async (handle, p, input) => {
      expect((await handle.query(getCaseQuery)).state).toBe('serving');

      await env.sleep('364 days');
      expect((await handle.query(getCaseQuery)).state).toBe('serving');
      expect((await p.registry.current(input.cadre.id))?.status).toBe('probation');
      await env.sleep('2 days');
      const review = await handle.query(getCaseQuery);
      expect(review.state).toBe('review');
      const expiry = review.record.find((r) => r.type === 'PROBATION_EXPIRED');
      expect(expiry?.actor.role).toBe('system');
      expect(review.legalEvents.sort()).toEqual([
        'REPORT_FILED',
        'REVIEW_FAILED',
        'REVIEW_PASSED',
        'SERIOUS_PROBLEM_FOUND',
      ]);

      // Legal in this state but not from a department: the refusal says so first, in the table's words
      // (domain/senders.ts), and lists only what a department may send now.
      const wrongActor = await handle
        .executeUpdate(sendEventUpdate, { args: [{ type: 'REVIEW_PASSED', actor: unitDept }] })
        .catch((error: WorkflowUpdateFailedError) => error);
      const failure = (wrongActor as WorkflowUpdateFailedError).cause as unknown as {
        message: string;
        details: { legalEvents: string[] }[];
      };
      expect(failure.message).toContain(
        '只有组织部门作出试用期考核结论 · only the organization department concludes the probation review',
      );
      expect(failure.details[0]?.legalEvents).toEqual(['SERIOUS_PROBLEM_FOUND', 'REPORT_FILED']);

      const after = await handle.executeUpdate(sendEventUpdate, {
        args: [
          {
            type: 'REVIEW_FAILED',
            actor: orgDept,
            findings: '民主测评不称职票超过半数',
            reason: '考核未通过',
            ...failingProbationReview,
          },
        ],
      });
      expect(after.state).toBe('returned');
      const final = await handle.result();
      expect(final.outcome).toBe('returned_after_review');
      // The result is the case's standing (issue 18: the whole view is the archive's and the Query's).
      expect(final).not.toHaveProperty('record');
      const closed = await handle.query(getCaseQuery);
      expect(closed.record.find((r) => r.type === 'REVIEW_FAILED')).toMatchObject({
        actor: orgDept,
        reason: '考核未通过',
        from: 'review',
        to: 'returned',
      });
      const current = await p.registry.current(input.cadre.id);
      expect(current?.status).toBe('restored');
      expect(current?.post).toEqual(input.previousPost);
      expect(p.notifications().map((n) => n.kind)).toEqual(['review_opened', 'returned']);

      // The record outlives Temporal's retention: archived to the record store as the case closed.
      const archived = p.archived(input.department, input.caseId);
      expect(final.archivedTo).toContain(`${input.caseId}.json`);
      expect(closed.archivedTo).toBe(final.archivedTo);
      expect(archived.json.record).toEqual(closed.record);
      expect(archived.text).toContain('事由：考核未通过');
    });
  });

  it('a review left open is reminded, then escalated to operators, and can still confirm the cadre', async () => {
    await withCase(async (handle, p, input) => {
      await env.sleep('366 days'); // review opens
      await env.sleep('25 days'); // reminder (7 days before the 30-day deadline)
      expect(p.notifications().map((n) => n.kind)).toEqual(['review_opened', 'review_due_soon']);
      expect((await handle.query(getCaseQuery)).state).toBe('review');
      await env.sleep('6 days'); // past the deadline
      const overdue = await handle.query(getCaseQuery);
      expect(overdue.state).toBe('reviewOverdue');
      expect(p.notifications().at(-1)).toMatchObject({ kind: 'review_overdue', to: 'operators' });

      await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'REVIEW_PASSED', actor: orgDept, ...passingProbationReview }],
      });
      expect((await handle.result()).outcome).toBe('confirmed');
      expect((await p.registry.current(input.cadre.id))?.status).toBe('confirmed');
    });
  });

  it('serious problems, once verified, end probation early and restore the previous post', async () => {
    await withCase(async (handle, p, input) => {
      await env.sleep('30 days');
      const held = await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'SERIOUS_PROBLEM_FOUND', actor: unitDept, findings: '严重违纪', findingId: 'F1' }],
      });
      expect(held.state).toBe('serving'); // held for verification (second rules edition)
      await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'VERIFICATION_SUBSTANTIATED', actor: orgDept, reportId: 'F1', findings: '属实' }],
      });
      const final = await handle.result();
      expect(final.outcome).toBe('ended_early');
      expect((await p.registry.current(input.cadre.id))?.post).toEqual(input.previousPost);
    });
  });

  it('an illegal event is refused with the state and legal events, and leaves the case exactly as it was', async () => {
    await withCase(async (handle) => {
      await env.sleep('1 day'); // let the case settle (its first effect records itself)
      const before = await handle.query(getCaseQuery);
      expect(before.record.map((r) => r.type)).toEqual(['CASE_STARTED', 'beginTrialPost']);
      const historyBefore = (await handle.fetchHistory()).events?.length;

      const refusal = await handle
        .executeUpdate(sendEventUpdate, { args: [{ type: 'REVIEW_PASSED', actor: orgDept }] })
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      const failure = (refusal as WorkflowUpdateFailedError).cause as { type?: string; details?: unknown[] };
      expect(failure.type).toBe(IllegalTransition);
      expect(failure.details?.[0]).toMatchObject({
        state: 'serving',
        legalEvents: ['SERIOUS_PROBLEM_FOUND', 'REPORT_FILED'],
      });

      const invalid = await handle
        .executeUpdate(sendEventUpdate, { args: [{ type: 'SERIOUS_PROBLEM_FOUND', actor: unitDept }] })
        .catch((error: unknown) => error);
      expect(invalid).toBeInstanceOf(WorkflowUpdateFailedError);

      expect(await handle.query(getCaseQuery)).toEqual(before);
      // No Update reached history. (This test server persists the workflow tasks that carried the
      // refused Updates; the real server's are speculative and vanish, which the API test checks.)
      expect(await historySince(handle, historyBefore ?? 0)).toEqual([]);
    });
  });

  // Probation is exactly one year (DOMAIN.md "Corrections and additions"): a policy may no longer
  // lengthen it, so the start is refused instead of running 18 months.
  it('refuses a policy that lengthens the probation: the case fails at start with the reason', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const worker = await testWorker(env, taskQueue);
    await worker.runUntil(async () => {
      const longer = { ...probationStart(), policy: { probation: { months: 18 } } };
      const failure = await env.client.workflow
        .execute(probationCase, { taskQueue, workflowId: `long-${randomUUID()}`, args: [longer] })
        .catch((error: WorkflowFailedError) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause as { message?: string; nonRetryable?: boolean };
      expect(cause).toMatchObject({ nonRetryable: true });
      expect(cause.message).toContain('probation.months');
    });
  });
});

describe('a malformed start', () => {
  it('fails the case at once with the reason, instead of retrying its workflow task forever', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const worker = await testWorker(env, taskQueue);
    await worker.runUntil(async () => {
      const bad = { ...probationStart(), startsOn: 'next spring', cadre: { id: '', name: '李明' } };
      const failure = await env.client.workflow
        .execute(probationCase, { taskQueue, workflowId: `bad-${randomUUID()}`, args: [bad as never] })
        .catch((error: WorkflowFailedError) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause as {
        type?: string;
        message?: string;
        nonRetryable?: boolean;
      };
      expect(cause).toMatchObject({ type: 'CaseWorkflowBug', nonRetryable: true });
      expect(cause.message).toContain('startsOn');
      expect(cause.message).toContain('cadre.id');
    });
  });
});
