import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../domain/case';
import { chinaDateOf } from '../../machines/calendar/china-time';
import { getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import { probationCase } from '../../workflows/probation';
import { orgDept, probationStart, unitDept } from '../support/cases';

/** A scenario drives one case to its end on a time-skipping server and returns its workflow id. */
export interface HistoryScenario {
  name: string;
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<string>;
}

async function startProbation(env: TestWorkflowEnvironment, taskQueue: string, caseId: string) {
  const input = probationStart({ caseId, startsOn: chinaDateOf(await env.currentTimeMs()) });
  return env.client.workflow.start(probationCase, {
    taskQueue,
    workflowId: workflowIdFor(input),
    args: [input],
  });
}

export const historyScenarios: HistoryScenario[] = [
  {
    name: 'probation-confirmed-after-escalation',
    async run(env, taskQueue) {
      const handle = await startProbation(env, taskQueue, 'replay-confirmed');
      await env.sleep('400 days'); // expiry, reminder, overdue
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'REVIEW_PASSED', actor: orgDept }] });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    name: 'probation-returned-after-review',
    async run(env, taskQueue) {
      const handle = await startProbation(env, taskQueue, 'replay-returned');
      await env.sleep('366 days');
      await handle
        .executeUpdate(sendEventUpdate, { args: [{ type: 'REVIEW_PASSED', actor: unitDept }] })
        .catch(() => undefined); // refused: only the organization department concludes
      await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'REVIEW_FAILED', actor: orgDept, findings: '考核不称职' }],
      });
      await handle.query(getCaseQuery);
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    name: 'probation-ended-early-archived',
    async run(env, taskQueue) {
      const handle = await startProbation(env, taskQueue, 'replay-early-archived');
      await env.sleep('10 days');
      await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'SERIOUS_PROBLEM_FOUND', actor: unitDept, findings: '严重违纪' }],
      });
      await handle.result();
      return handle.workflowId;
    },
  },
  {
    name: 'probation-ended-early',
    async run(env, taskQueue) {
      const handle = await startProbation(env, taskQueue, 'replay-early');
      await env.sleep('100 days');
      await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'SERIOUS_PROBLEM_FOUND', actor: unitDept, findings: '严重违纪' }],
      });
      await handle.result();
      return handle.workflowId;
    },
  },
];
