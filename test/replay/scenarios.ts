import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDigest } from '../../api/start-content';
import { workflowIdFor } from '../../domain/case';
import { addDays, addYears, chinaDateOf } from '../../domain/dates';
import { START_DIGEST_FIELD } from '../../domain/start-digest';
import type { DemotionStart } from '../../domain/tracks/demotion';
import { demotionCase, probationCase, rotationCase } from '../../workflows/index';
import {
  getCaseQuery,
  sendEventUpdate,
  startReadBackUpdate,
  startReadBackUpdateId,
} from '../../workflows/messages';
import { sendNamed } from '../support/case-driver';
import {
  failingProbationReview,
  orgDept,
  passingProbationReview,
  probationStart,
  unitDept,
} from '../support/cases';
import {
  appointOn,
  closedAndArchived,
  promotionDriver,
  recordOf,
  send,
  settled,
  startPromotion,
} from '../support/promotion-driver';
import { e } from '../support/promotion-fixtures';
import {
  demotion,
  demotionPosts,
  demotionStart,
  demotionTriggers,
  rotation,
  rotationStart,
} from '../support/track-fixtures';

/**
 * A scenario drives one case to its end on a time-skipping server and returns its workflow id. Scenarios
 * share one server, started at the real date, unless one names `startAt`: then it gets a server of its
 * own whose clock starts there (scripts/record-histories.ts).
 */
export interface HistoryScenario {
  name: string;
  /** The instant (UTC) the scenario's own server starts at. */
  startAt?: string;
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<string>;
}

/**
 * Polls (never unlocking the server's clock) until the workflow's history is complete. Awaiting
 * `handle.result()` instead lets the server skip to its next timer once the case closes — ten years on —
 * and the next scenario on the shared server starts there.
 */
async function completed(handle: WorkflowHandle): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if ((await handle.describe()).status.name === 'COMPLETED') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${handle.workflowId} did not complete`);
}

async function startProbation(env: TestWorkflowEnvironment, taskQueue: string, caseId: string) {
  const input = probationStart({ caseId, startsOn: chinaDateOf(await env.currentTimeMs()) });
  return env.client.workflow.start(probationCase, {
    taskQueue,
    workflowId: workflowIdFor(input),
    args: [input],
  });
}

/**
 * Every step of a promotion, both timers (inspection notice, publicity window), and the hand-over to a
 * probation case of its own (a child workflow). Pinned to the National Day 2026 window (published Tue
 * 09-29, closing at the end of the make-up Saturday 10-10) so that a re-recording takes the same path.
 */
const promotionAppointedOnProbation =
  (caseId: string): HistoryScenario['run'] =>
  async (env, taskQueue) => {
    const drive = promotionDriver(() => env);
    const handle = await startPromotion(env, taskQueue, { caseId });
    await drive.toPublicityPending(handle);
    await drive.sleepUntil('2026-09-29T02:00:00Z');
    const open = await drive.publish(handle);
    await drive.sleepUntil(new Date(Date.parse(open.deadlines[0]?.at ?? '') + 60_000).toISOString());
    await settled(handle, (view) => view.state === 'awaitingAppointment');
    await appointOn(handle, chinaDateOf(await env.currentTimeMs()));
    const closed = await closedAndArchived(handle);
    // The probation case runs on for a year: not part of this history, and its timer must not outlive
    // the worker. (Awaiting the parent's result would let the server skip into that year.)
    await completed(handle);
    await env.client.workflow
      .getHandle(recordOf(closed, 'startProbation')?.data?.case as string)
      .terminate('recorded the promotion');
    return handle.workflowId;
  };

/** A rotation for ten years in the post to the day: proposed, consulted, voted, notified. */
const rotationTransferred =
  (caseId: string): HistoryScenario['run'] =>
  async (env, taskQueue) => {
    const today = chinaDateOf(await env.currentTimeMs());
    const input = rotationStart({ caseId, inPostSince: addYears(today, -10) });
    const handle = await env.client.workflow.start(rotationCase, {
      taskQueue,
      workflowId: workflowIdFor(input),
      args: [input],
    });
    await send(handle, rotation.propose(), rotation.consulted, rotation.passes);
    await send(handle, rotation.talk(today));
    await completed(handle);
    return handle.workflowId;
  };

async function startDemotion(env: TestWorkflowEnvironment, taskQueue: string, input: DemotionStart) {
  return env.client.workflow.start(demotionCase, {
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
    // Recorded sealed, under the committed test-only key (test/fixtures/history-codec-keys.json): every
    // payload binary/encrypted and bound to its workflow. The other histories predate encryption and
    // stay plaintext, as the histories of cases started before it do.
    name: 'probation-ended-early-sealed',
    async run(env, taskQueue) {
      const handle = await startProbation(env, taskQueue, 'replay-early-sealed');
      await env.sleep('10 days');
      // The second edition: the finding holds the case until the organization department verifies it.
      await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'SERIOUS_PROBLEM_FOUND', actor: unitDept, findings: '严重违纪', findingId: 'F1' }],
      });
      await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: 'VERIFICATION_SUBSTANTIATED', actor: orgDept, reportId: 'F1', findings: '属实' }],
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
  {
    name: 'promotion-appointed-on-probation',
    startAt: '2026-09-21T01:00:00Z',
    run: promotionAppointedOnProbation('replay-promotion-appointed'),
  },
  {
    name: 'promotion-withdrawn',
    run: promotionWithdrawn('replay-promotion-withdrawn'),
  },
  { name: 'rotation-transferred', run: rotationTransferred('replay-rotation') },
  {
    // The same rotation as the API sends it since issue 12: each event under its own Update name.
    name: 'rotation-transferred-named-updates',
    async run(env, taskQueue) {
      const today = chinaDateOf(await env.currentTimeMs());
      const input = rotationStart({ caseId: 'replay-rotation-named', inPostSince: addYears(today, -10) });
      const handle = await env.client.workflow.start(rotationCase, {
        taskQueue,
        workflowId: workflowIdFor(input),
        args: [input],
      });
      await sendNamed(handle, rotation.propose(), rotation.consulted, rotation.passes, rotation.talk(today));
      await completed(handle);
      return handle.workflowId;
    },
  },
  {
    // A probation brought in under way (its history), whose expiry had passed: the timer fires at once,
    // dated at its deadline (patch dated-steps); then a dated review, by name.
    name: 'probation-brought-in-confirmed',
    async run(env, taskQueue) {
      const today = chinaDateOf(await env.currentTimeMs());
      const startsOn = addDays(addYears(today, -1), -10);
      const input = probationStart({ caseId: 'replay-brought-in', startsOn });
      const report = {
        type: 'REPORT_FILED',
        actor: unitDept,
        reportId: 'R-1',
        channel: 'mailbox',
        summary: '反映问题',
        occurredAt: addDays(startsOn, 30),
      };
      const cleared = {
        type: 'VERIFICATION_CLEARED',
        actor: orgDept,
        reportId: 'R-1',
        findings: '不属实',
        occurredAt: addDays(startsOn, 40),
      };
      const handle = await env.client.workflow.start(probationCase, {
        taskQueue,
        workflowId: workflowIdFor(input),
        args: [input, { startedBy: orgDept, occurredAt: startsOn, history: [report, cleared] }],
      });
      await settled(handle, (view) => view.state === 'review');
      await sendNamed(handle, {
        type: 'REVIEW_PASSED',
        actor: orgDept,
        occurredAt: today,
        ...passingProbationReview,
      });
      await completed(handle);
      return handle.workflowId;
    },
  },
  {
    // With a defence answered, and a void vote (no quorum) before the one that passes.
    name: 'demotion-effective',
    async run(env, taskQueue) {
      const input = demotionStart({ caseId: 'replay-demotion' });
      const handle = await env.client.workflow.start(demotionCase, {
        taskQueue,
        workflowId: workflowIdFor(input),
        args: [input],
      });
      await send(handle, demotion.verified, demotion.talk({ defence: '事故系客观原因所致' }));
      await send(
        handle,
        demotion.propose('demotion', {
          newPost: demotionPosts.lower,
          defenceResponse: '经核实，本人负有领导责任',
        }),
      );
      await send(handle, demotion.belowQuorum, demotion.passes);
      await completed(handle);
      return handle.workflowId;
    },
  },
  {
    // Issue 18: a closed case returns its standing, not its whole view (the small-case-result patch), and
    // each transition's upsert carries only the attributes that changed. The longest path of the track.
    name: 'promotion-appointed-on-probation-small-result',
    startAt: '2026-09-21T01:00:00Z',
    run: promotionAppointedOnProbation('replay-promotion-appointed-small'),
  },
  // ---- recorded under rules edition 2 (the rules-edition-2 patch marker in each), before edition 3 ----
  {
    name: 'promotion-appointed-on-probation-edition-2',
    startAt: '2026-09-21T01:00:00Z',
    run: promotionAppointedOnProbation('replay-promotion-appointed-e2'),
  },
  { name: 'rotation-transferred-edition-2', run: rotationTransferred('replay-rotation-e2') },
  {
    // 免职 for accountability, with its grounds (second edition), after a talk without a defence.
    name: 'demotion-removed-edition-2',
    async run(env, taskQueue) {
      const handle = await startDemotion(
        env,
        taskQueue,
        demotionStart({ caseId: 'replay-demotion-removed-e2' }),
      );
      await send(handle, demotion.verified, demotion.talk());
      await send(handle, demotion.propose('removal', { removalGrounds: 'accountability' }));
      await send(handle, demotion.passes);
      await completed(handle);
      return handle.workflowId;
    },
  },
  {
    // A demotion by one level after an annual assessment of 不称职 (second edition's rule).
    name: 'demotion-incompetent-edition-2',
    async run(env, taskQueue) {
      const handle = await startDemotion(
        env,
        taskQueue,
        demotionStart({
          caseId: 'replay-demotion-incompetent-e2',
          trigger: demotionTriggers.annual_assessment,
        }),
      );
      await send(handle, demotion.verified, demotion.talk());
      await send(handle, demotion.propose('demotion', { newPost: demotionPosts.lower }));
      await send(handle, demotion.passes);
      await completed(handle);
      return handle.workflowId;
    },
  },
  // ---- recorded under rules edition 3 (the rules-edition-3 patch marker in each), before edition 4 ----
  {
    // 降职 by one level (不称职), closing as it takes effect: edition 4 keeps such a case open for 复核/申诉.
    name: 'demotion-demoted-edition-3',
    async run(env, taskQueue) {
      const handle = await startDemotion(
        env,
        taskQueue,
        demotionStart({
          caseId: 'replay-demotion-demoted-e3',
          trigger: demotionTriggers.annual_assessment,
        }),
      );
      await send(handle, demotion.verified, demotion.talk());
      await send(handle, demotion.propose('demotion', { newPost: demotionPosts.lower }));
      await send(handle, demotion.passes);
      await completed(handle);
      return handle.workflowId;
    },
  },
  {
    // 免职 for accountability, closing as it takes effect (edition 4 opens the 复核/申诉 period here).
    name: 'demotion-removed-edition-3',
    async run(env, taskQueue) {
      const handle = await startDemotion(
        env,
        taskQueue,
        demotionStart({ caseId: 'replay-demotion-removed-e3' }),
      );
      await send(handle, demotion.verified, demotion.talk({ defence: '事故系客观原因所致' }));
      await send(
        handle,
        demotion.propose('removal', {
          removalGrounds: 'accountability',
          defenceResponse: '经核实，本人负有领导责任',
        }),
      );
      await send(handle, demotion.passes);
      await completed(handle);
      return handle.workflowId;
    },
  },
  // ---- recorded under rules edition 4 (the rules-edition-4 patch marker in each) ----
  {
    // A 降职 in effect, open for 复核 (its timer); the request waits past its 30-day decision deadline
    // (the warning timer fires), then the 复核 revokes the decision: the registry reversal runs.
    name: 'demotion-reversed-on-review-edition-4',
    async run(env, taskQueue) {
      const handle = await startDemotion(
        env,
        taskQueue,
        demotionStart({ caseId: 'replay-demotion-reversed-e4' }),
      );
      await send(handle, demotion.verified, demotion.talk());
      await send(handle, demotion.propose('demotion', { newPost: demotionPosts.lower }));
      await send(handle, demotion.passes);
      await sendNamed(handle, demotion.reviewRequested);
      await env.sleep('32 days');
      await sendNamed(handle, demotion.reviewDecided('revoked'));
      await completed(handle);
      return handle.workflowId;
    },
  },
  // ---- recorded under the stage-warnings patch (预警) ----
  {
    // A rotation left in its motion past both periods (30 days: warned; 60: escalated, each with its
    // notice), then proposed and carried through: the stage timers fire, and the consultation's is
    // cancelled when the case moves on.
    name: 'rotation-overdue-escalated',
    async run(env, taskQueue) {
      const started = chinaDateOf(await env.currentTimeMs());
      const input = rotationStart({ caseId: 'replay-rotation-overdue', inPostSince: addYears(started, -10) });
      const handle = await env.client.workflow.start(rotationCase, {
        taskQueue,
        workflowId: workflowIdFor(input),
        args: [input],
      });
      await sendNamed(handle); // the first workflow task, before the clock moves
      await env.sleep('62 days');
      for (let tries = 0; tries < 200; tries++) {
        const events = (await handle.fetchHistory()).events ?? [];
        // Both notices sent: two stage-warning activities completed.
        if (events.filter((e) => e.activityTaskCompletedEventAttributes).length >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const today = chinaDateOf(await env.currentTimeMs());
      await sendNamed(handle, rotation.propose(), rotation.consulted, rotation.passes, rotation.talk(today));
      await completed(handle);
      return handle.workflowId;
    },
  },
  // ---- recorded under the local-effects patch (issue 18: effects as local activities) ----
  {
    // The longest path of the promotion: its effects, the window's calendar fetch and the probation
    // child's start, each effect a core_local_activity marker inside the task that made the transition.
    name: 'promotion-appointed-on-probation-local-effects',
    startAt: '2026-09-21T01:00:00Z',
    run: promotionAppointedOnProbation('replay-promotion-appointed-local'),
  },
  {
    // A probation whose year runs out on its timer: the review opens by itself, then a failed review
    // restores the pre-probation post (beginTrialPost, notify, restorePreProbationPost as local activities).
    name: 'probation-returned-after-review-local-effects',
    run: probationReturnedOnItsTimer('replay-probation-local'),
  },
  {
    // A department reports a finding (second edition: it holds the case); the organization department
    // substantiates it and the cadre is returned.
    name: 'probation-finding-substantiated-edition-2',
    async run(env, taskQueue) {
      const handle = await startProbation(env, taskQueue, 'replay-finding-e2');
      await env.sleep('30 days');
      await send(handle, {
        type: 'SERIOUS_PROBLEM_FOUND',
        actor: unitDept,
        findingId: 'F-1',
        findings: '群众反映存在违规兼职问题',
      });
      await send(handle, {
        type: 'VERIFICATION_SUBSTANTIATED',
        actor: orgDept,
        reportId: 'F-1',
        findings: '经核查属实',
      });
      await completed(handle);
      return handle.workflowId;
    },
  },
  {
    // Started as the API starts a case since issue 18: update-with-start of the case and its read-back
    // Update (startReadBack), answered in the first workflow task, the start's digest in its input; then
    // a finding substantiated returns the cadre.
    name: 'probation-started-with-read-back',
    async run(env, taskQueue) {
      const input = probationStart({
        caseId: 'replay-read-back',
        startsOn: chinaDateOf(await env.currentTimeMs()),
      });
      const requestId = 'replay-read-back-request';
      const digest = startDigest('probation', input);
      const read = await env.client.workflow.executeUpdateWithStart(startReadBackUpdate, {
        args: [{ requestId }],
        updateId: startReadBackUpdateId(requestId),
        startWorkflowOperation: new WithStartWorkflowOperation(probationCase, {
          taskQueue,
          workflowId: workflowIdFor(input),
          args: [
            { ...input, [START_DIGEST_FIELD]: digest } as typeof input,
            { startedBy: orgDept, requestId },
          ],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      if (read.startDigest !== digest || read.startRequestId !== requestId) throw new Error('read-back');
      const handle = env.client.workflow.getHandle(workflowIdFor(input));
      await env.sleep('30 days');
      await send(handle, {
        type: 'SERIOUS_PROBLEM_FOUND',
        actor: unitDept,
        findingId: 'F-1',
        findings: '违规兼职',
      });
      await send(handle, {
        type: 'VERIFICATION_SUBSTANTIATED',
        actor: orgDept,
        reportId: 'F-1',
        findings: '属实',
      });
      await completed(handle);
      return handle.workflowId;
    },
  },
  // ---- recorded under the release-2026-12 marker (issue 18: one patch marker for every change before it) ----
  {
    // The longest path of the promotion again: its history's payload is what the 64 KiB goal counts.
    name: 'promotion-appointed-on-probation-release',
    startAt: '2026-09-21T01:00:00Z',
    run: promotionAppointedOnProbation('replay-promotion-appointed-release'),
  },
  {
    name: 'probation-returned-after-review-release',
    run: probationReturnedOnItsTimer('replay-probation-release'),
  },
  { name: 'promotion-withdrawn-release', run: promotionWithdrawn('replay-promotion-withdrawn-release') },
];

/** A probation whose year runs out on its timer: the review opens by itself, then fails. */
function probationReturnedOnItsTimer(caseId: string): HistoryScenario['run'] {
  return async (env, taskQueue) => {
    const handle = await startProbation(env, taskQueue, caseId);
    await env.sleep('366 days');
    await send(handle, {
      type: 'REVIEW_FAILED',
      actor: orgDept,
      findings: '民主测评不称职票超过半数',
      reason: '考核未通过',
      ...failingProbationReview,
    });
    await completed(handle);
    return handle.workflowId;
  };
}

/** Withdrawn while the inspection notice's timer is armed: the timer is cancelled on replay too. */
function promotionWithdrawn(caseId: string): HistoryScenario['run'] {
  return async (env, taskQueue) => {
    const drive = promotionDriver(() => env);
    const handle = await startPromotion(env, taskQueue, { caseId });
    await drive.toInspectionNotice(handle);
    await env.sleep('1 day');
    await send(handle, e.withdraw);
    await completed(handle);
    return handle.workflowId;
  };
}
