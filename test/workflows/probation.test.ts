import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxFileNotifier } from '../../activities/notifier';
import { FilePersonnelRegistry } from '../../activities/personnel-registry';
import { workflowIdFor } from '../../domain/case';
import { getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import { probationCase } from '../../workflows/probation';
import { orgDept, probationStart } from '../support/cases';
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
    dir,
    registry: new FilePersonnelRegistry(join(dir, 'registry.json')),
    notifier: new OutboxFileNotifier(join(dir, 'outbox.jsonl')),
    notifications: () =>
      readFileSync(join(dir, 'outbox.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
  };
}

describe('probation workflow on the time-skipping server', () => {
  it('a year passes, the review opens by itself, a failed review restores the pre-probation post', async () => {
    const taskQueue = `tq-${randomUUID()}`;
    const p = ports();
    const worker = await testWorker(env, taskQueue, p);
    const input = probationStart();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(probationCase, {
        taskQueue,
        workflowId: workflowIdFor(input),
        args: [input],
      });
      expect((await handle.query(getCaseQuery)).state).toBe('serving');
      expect((await p.registry.current(input.cadre.id))?.status).toBe('probation');

      await env.sleep('366 days');
      const review = await handle.query(getCaseQuery);
      expect(review.state).toBe('review');
      expect(review.record.map((r) => r.type)).toContain('PROBATION_EXPIRED');
      expect(review.legalEvents.sort()).toEqual(['REVIEW_FAILED', 'REVIEW_PASSED', 'SERIOUS_PROBLEM_FOUND']);

      const after = await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'REVIEW_FAILED', actor: orgDept, findings: '民主测评不称职票超过半数' }],
      });
      expect(after.state).toBe('returned');
      const final = await handle.result();
      expect(final.outcome).toBe('returned_after_review');
      const current = await p.registry.current(input.cadre.id);
      expect(current?.status).toBe('restored');
      expect(current?.post).toEqual(input.previousPost);
      expect(p.notifications().map((n) => n.kind)).toEqual(['review_opened', 'returned']);
    });
  });
});
