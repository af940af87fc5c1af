import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import type { CaseView } from '../../../domain/case-view';
import { notificationText } from '../../../domain/notification-text';
import { DEFAULT_POLICY, expectedStageDays, resolvePolicy } from '../../../domain/policy';
import { machinesByTrack } from '../../../machines';
import type { StateMeta } from '../../../machines/meta';
import { stageMetaOf } from '../../../workflows/session/machine-view';
import { pendingReportCount, stagePlan } from '../../../workflows/session/stage-deadlines';

/** Every atomic, non-final state of a machine, by its dotted name. */
function stagesOf(root: AnyStateNode, path: string[] = []): string[] {
  return Object.entries(root.states).flatMap(([key, node]) => {
    const here = [...path, key];
    if (Object.keys(node.states).length > 0) return stagesOf(node, here);
    return node.type === 'final' ? [] : [here.join('.')];
  });
}

const view = (over: Partial<CaseView>): CaseView =>
  ({
    workflowId: 'd/c',
    track: 'rotation',
    department: 'd',
    caseId: 'c',
    state: 'motion',
    label: { zh: '', en: '' },
    status: 'open',
    legalEvents: [],
    deadlines: [],
    context: { policy: DEFAULT_POLICY, reports: [] },
    record: [
      {
        seq: 1,
        at: '2026-03-10T02:00:00.000Z',
        kind: 'started',
        type: 'CASE_STARTED',
        actor: { id: 'o', role: 'organization_department' },
        to: 'motion',
      },
    ],
    ...over,
  }) as CaseView;

describe('预警: every stage has an expected duration (domain/policy.ts)', () => {
  it.each(Object.entries(machinesByTrack))(
    '%s: every stage the machine does not time names its own figure in the policy',
    (track, machine) => {
      for (const stage of stagesOf(machine.root)) {
        const metas: StateMeta[] = stageMetaOf(machine, stage);
        const timed = metas.some((m) => (m.timers ?? []).length > 0) || metas.at(-1)?.escalationOf;
        // A stage the machine times (the rules' periods, the probation review) needs no figure: it has
        // its own clock. Every other one is named, so a new stage comes with its reasoning.
        if (!timed)
          expect({ stage, ...expectedStageDays(DEFAULT_POLICY, track, stage) }).toMatchObject({
            named: true,
          });
      }
    },
  );

  it('the rules’ own periods are not warnings: the publicity window, the inspection notice, probation’s year and review', () => {
    const promotion = machinesByTrack.promotion;
    for (const stage of ['publicity.open', 'publicity.held', 'inspectionNotice'])
      expect(stagePlan(promotion, view({ track: 'promotion', state: stage })).kind).toBe('timedByMachine');
    const probation = machinesByTrack.probation;
    for (const stage of ['serving', 'review'])
      expect(stagePlan(probation, view({ track: 'probation', state: stage })).kind).toBe('timedByMachine');
    expect(stagePlan(probation, view({ track: 'probation', state: 'reviewOverdue' }))).toMatchObject({
      kind: 'escalatedByMachine',
      stage: 'review',
      label: { zh: '试用期满考核' },
    });
  });

  it('due at the start of the China day the expected days end; escalated after as many again; the committee’s vote is the committee office’s', () => {
    // Entered 2026-03-10 10:00 China time; 30 days.
    expect(stagePlan(machinesByTrack.rotation, view({}))).toMatchObject({
      kind: 'deadline',
      stage: 'motion',
      days: 30,
      dueAt: '2026-04-08T16:00:00.000Z',
      escalatesAt: '2026-05-08T16:00:00.000Z',
      office: 'organization_department',
    });
    // Entered at 23:30 China time (15:30 UTC): still that China day.
    const late = view({
      state: 'committeeVote',
      record: [
        ...view({}).record,
        {
          seq: 2,
          at: '2026-03-12T15:30:00.000Z',
          kind: 'transition',
          type: 'CONSULTATION_CONCLUDED',
          actor: { id: 'o', role: 'organization_department' },
          from: 'consultation',
          to: 'committeeVote',
        },
      ],
    });
    expect(stagePlan(machinesByTrack.rotation, late)).toMatchObject({
      days: 30,
      enteredAt: '2026-03-12T15:30:00.000Z',
      dueAt: '2026-04-10T16:00:00.000Z', // 04-11 00:00 China time
      office: 'committee',
    });
  });

  it('a policy sets its own figures (no rule bounds them), at least a day; a case from before the figures reads the defaults', () => {
    const resolved = resolvePolicy({ promotionStageDays: { inspection: 20, 'publicity.pending': 3 } });
    expect(resolved.ok && resolved.value.promotionStageDays).toMatchObject({
      inspection: 20,
      'publicity.pending': 3,
    });
    expect(resolvePolicy({ demotionStageDays: { talk: 0 } }).ok).toBe(false);
    const { promotionStageDays: _dropped, ...older } = DEFAULT_POLICY;
    expect(expectedStageDays(older, 'promotion', 'inspection')).toEqual({ days: 30, named: true });
    // A stage added since the figures were set: the fallback.
    expect(expectedStageDays(DEFAULT_POLICY, 'demotion', 'appeal')).toEqual({ days: 30, named: false });
  });

  it('held: reports pending verification, only while the case is open', () => {
    const reports = [{ status: 'pending' }, { status: 'cleared' }];
    expect(pendingReportCount(view({ context: { reports } }))).toBe(1);
    expect(pendingReportCount(view({ context: { reports }, status: 'closed' }))).toBe(0);
  });

  it('the notices say, in Chinese, which stage overran since when, to the office in charge and then the leader in charge', () => {
    const facts = {
      track: 'promotion',
      department: 'district-org',
      caseId: 'P-1',
      overdue: { stage: '考察', since: '2026-04-09', expectedDays: 30 },
    };
    expect(notificationText({ ...facts, kind: 'stage_overdue', to: 'organization_department' })).toEqual({
      addressee: '组织部干部监督科',
      subject:
        '【办理超期预警】提拔任职案件 district-org/P-1：「考察」阶段自 2026-04-09 起超过预计办理期限（30 天）',
    });
    expect(
      notificationText({
        ...facts,
        kind: 'stage_overdue_escalated',
        to: 'organization_department_leadership',
      }),
    ).toEqual({
      addressee: '组织部分管领导',
      subject:
        '【办理超期，提级督办】提拔任职案件 district-org/P-1：「考察」阶段自 2026-04-09 起超过预计办理期限（30 天）',
    });
  });
});
