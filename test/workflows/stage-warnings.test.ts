import type { WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDateOf, startOfChinaDay } from '../../domain/dates';
import { DEFAULT_POLICY } from '../../domain/policy';
import { probationCase, rotationCase } from '../../workflows/index';
import { getCaseQuery } from '../../workflows/messages';
import {
  CaseHeld,
  CaseOverdue,
  CaseOverdueEscalated,
  CaseOverdueSince,
} from '../../workflows/search-attributes';
import { type FilePorts, filePorts, send, settled, withCase } from '../support/case-driver';
import { orgDept, probationStart, unitDept } from '../support/cases';
import { timeSkippingEnvironment } from '../support/temporal';
import { rotation, rotationStart } from '../support/track-fixtures';

/**
 * 预警 (DOMAIN.md "Warnings"; policy `*StageDays`, domain/policy.ts): every stage's timer on the
 * time-skipping server, its clock pinned to Tue 2026-03-10, 10:00 China time. A rotation's motion is
 * expected to take 30 days (policy.rotationStageDays.motion): entered on 03-10, it is overdue from the
 * start of 04-09 (China time) and escalated from the start of 05-09.
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnvironment('2026-03-10T02:00:00Z');
});
afterAll(async () => {
  await env?.teardown();
});

type Marks = { overdue?: string; since?: string; escalated?: boolean; held?: boolean };
async function marks(handle: WorkflowHandle): Promise<Marks> {
  const attributes = (await handle.describe()).typedSearchAttributes;
  return {
    overdue: attributes.get(CaseOverdue),
    since: attributes.get(CaseOverdueSince)?.toISOString(),
    escalated: attributes.get(CaseOverdueEscalated),
    held: attributes.get(CaseHeld),
  };
}
/** Polls (a describe never moves the server's clock) until the marks match. */
async function marksBecome(handle: WorkflowHandle, expected: Marks): Promise<Marks> {
  let last: Marks = {};
  for (let tries = 0; tries < 200; tries++) {
    last = await marks(handle);
    if (Object.entries(expected).every(([key, value]) => last[key as keyof Marks] === value)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`marks stayed ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
}
const details = async (handle: WorkflowHandle) =>
  (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails;
async function sleepUntil(instant: string): Promise<void> {
  const now = await env.currentTimeMs();
  if (Date.parse(instant) > now) await env.sleep(Date.parse(instant) - now);
}
const stageNotices = (p: FilePorts) => p.notifications().filter((n) => n.kind.startsWith('stage_overdue'));
/** The summaries of the timers a case started, in order, opened as the Web UI shows them (codec). */
async function timerSummaries(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const { payloadCodecs, payloadConverter } = env.client.options.loadedDataConverter;
  const summaries: string[] = [];
  for (const event of events) {
    const summary = event.timerStartedEventAttributes ? event.userMetadata?.summary : undefined;
    if (!summary) continue;
    let payloads = [summary as Payload];
    for (const codec of [...payloadCodecs].reverse()) payloads = await codec.decode(payloads);
    summaries.push(payloadConverter.fromPayload(payloads[0] as Payload));
  }
  return summaries;
}

// Years and months pass on the server: a few seconds each on a quiet machine, far more on a busy one.
describe('预警: a stage past its expected time (time-skipping server)', { timeout: 180_000 }, () => {
  it('the motion of a rotation: no warning a day before it is due, a warning at due, escalation after a second period, cleared on leaving', async () => {
    const p = filePorts();
    const input = rotationStart({ inPostSince: '2016-03-10' });
    expect(DEFAULT_POLICY.rotationStageDays.motion).toBe(30);
    await withCase(env, p, rotationCase, input, async (handle) => {
      expect((await handle.query(getCaseQuery)).state).toBe('motion');
      expect(await marks(handle)).toEqual({ held: false });

      // 04-08 00:00 China time: one day before due. Nothing is due before it, so nothing can fire.
      await sleepUntil('2026-04-07T16:00:00Z');
      expect(await marks(handle)).toEqual({ held: false });
      expect(stageNotices(p)).toEqual([]);

      // 04-09 00:00 China time: due.
      await sleepUntil('2026-04-08T16:00:00Z');
      expect(await marksBecome(handle, { overdue: 'motion', escalated: false })).toEqual({
        overdue: 'motion',
        since: '2026-04-08T16:00:00.000Z',
        escalated: false,
        held: false,
      });
      await settled(handle, () => stageNotices(p).length === 1);
      expect(stageNotices(p)).toMatchObject([
        {
          kind: 'stage_overdue',
          to: 'organization_department',
          addressee: '组织部干部监督科',
          subject: `【办理超期预警】交流轮岗案件 ${input.department}/${input.caseId}：「动议（交流轮岗）」阶段自 2026-04-09 起超过预计办理期限（30 天）`,
        },
      ]);
      expect(await details(handle)).toContain(
        '- **Overdue 超期预警**: 动议（交流轮岗） · Motion: the proposed move, overdue since 自 2026-04-09 00:00 (China time)',
      );

      // A day before the second period ends: still only warned.
      await sleepUntil('2026-05-07T16:00:00Z');
      expect((await marks(handle)).escalated).toBe(false);
      // 05-09 00:00 China time: escalated to the next level.
      await sleepUntil('2026-05-08T16:00:00Z');
      await marksBecome(handle, { overdue: 'motion', escalated: true });
      await settled(handle, () => stageNotices(p).length === 2);
      expect(stageNotices(p)[1]).toMatchObject({
        kind: 'stage_overdue_escalated',
        to: 'organization_department_leadership',
        addressee: '组织部分管领导',
      });
      expect(await details(handle)).toContain('**Overdue, escalated 超期已提级督办**');

      // The move is proposed at last: the case leaves the stage, the marks go.
      const moved = await send(handle, rotation.propose());
      expect(moved.state).toBe('consultation');
      expect(await marksBecome(handle, { overdue: undefined })).toEqual({ held: false });
      expect(await details(handle)).not.toContain('Overdue');
      // Each timer says what it waits for, in both languages, in China time.
      const summaries = await timerSummaries(handle);
      expect(summaries.slice(0, 2)).toEqual([
        '超期预警 · overdue warning: 动议（交流轮岗） · Motion: the proposed move — 预计 30 天 expected 30 days, due 2026-04-09 00:00 (China time)',
        '超期提级督办 · escalation: 动议（交流轮岗） · Motion: the proposed move — overdue since 2026-04-09 00:00, escalates 2026-05-09 00:00 (China time)',
      ]);
      // Consultation's own timer, armed on entering it (15 days).
      expect(summaries[2]).toContain('征求意见 · Consultation — 预计 15 天 expected 15 days');
    });
  });

  it("leaving the stage before it is due cancels its timer; the next stage's counts from its own entry", async () => {
    const p = filePorts();
    // A policy may set its own figures (no rule bounds them): five days for the motion.
    const input = rotationStart({ inPostSince: '2016-03-10', policy: { rotationStageDays: { motion: 5 } } });
    await withCase(env, p, rotationCase, input, async (handle) => {
      const started = Date.parse((await handle.query(getCaseQuery)).record[0]?.at ?? '');
      const startDay = chinaDateOf(started);
      // The last moment before due (the start of the fifth day after): still not overdue; then it moves on.
      await sleepUntil(new Date(Date.parse(startOfChinaDay(addDays(startDay, 5))) - 60_000).toISOString());
      expect((await marks(handle)).overdue).toBeUndefined();
      await send(handle, rotation.propose());
      const events = (await handle.fetchHistory()).events ?? [];
      expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(2);
      expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(1);
      // Past the motion's due date, within consultation's 15 days: no warning at all.
      await sleepUntil(startOfChinaDay(addDays(startDay, 10)));
      expect(await marks(handle)).toEqual({ held: false });
      expect(stageNotices(p)).toEqual([]);
    });
  });

  it('a report holds a probation: CaseHeld while it is pending, cleared when verified', async () => {
    const p = filePorts();
    const input = probationStart({ startsOn: chinaDateOf(await env.currentTimeMs()) });
    await withCase(env, p, probationCase, input, async (handle) => {
      expect((await handle.query(getCaseQuery)).state).toBe('serving');
      expect(await marks(handle)).toEqual({ held: false });
      await send(handle, {
        type: 'REPORT_FILED',
        actor: unitDept,
        reportId: 'R-held',
        channel: 'mailbox',
        summary: '反映问题',
      });
      expect(await marks(handle)).toEqual({ held: true });
      expect(await details(handle)).toContain('**Held 暂停**');
      await send(handle, {
        type: 'VERIFICATION_CLEARED',
        actor: orgDept,
        reportId: 'R-held',
        findings: '经核查不属实',
      });
      expect(await marks(handle)).toEqual({ held: false });
      // Its notices sent before the case is terminated (an activity cut short holds the server's clock).
      await settled(handle, (view) => view.record.filter((entry) => entry.kind === 'effect').length >= 2);
      // Probation's year is the rules' (条例), timed by the machine: no stage timer of its own.
      const summaries = await timerSummaries(handle);
      expect(summaries.length).toBeGreaterThan(0);
      expect(summaries.every((summary) => summary.startsWith('试用期满，开启考核'))).toBe(true);
    });
  });

  it("the probation review's own escalation is reused: overdue and escalated, no second notice", async () => {
    const p = filePorts();
    const input = probationStart({ startsOn: chinaDateOf(await env.currentTimeMs()) });
    await withCase(env, p, probationCase, input, async (handle) => {
      expect((await handle.query(getCaseQuery)).state).toBe('serving');
      await env.sleep('366 days');
      const review = await settled(handle, (view) => view.state === 'review');
      const deadline = review.deadlines.find((d) => d.timer === 'reviewDeadline')?.at ?? '';
      expect((await marks(handle)).overdue).toBeUndefined();
      await sleepUntil(new Date(Date.parse(deadline) + 60_000).toISOString());
      await settled(handle, (view) => view.state === 'reviewOverdue');
      const marked = await marksBecome(handle, { overdue: 'review', escalated: true });
      expect(Date.parse(marked.since ?? '')).toBeGreaterThanOrEqual(Date.parse(deadline));
      expect(p.notifications().map((n) => n.kind)).toContain('review_overdue');
      expect(stageNotices(p)).toEqual([]);
    });
  });
});
