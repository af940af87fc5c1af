import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Post } from '../../domain/case';
import { type DemotionTrigger, demotionEventSchema, demotionStartSchema } from '../../domain/tracks/demotion';
import { type DemotionInput, demotionMachine } from '../../machines/demotion';
import { checkMachineExhaustively } from './support/exhaustive';

const AT = '2026-03-10T02:00:00.000Z'; // Tue 10:00 China time
const org = { id: 'od-zhang', role: 'organization_department' } as const;
const dept = { id: 'fin-hr', role: 'department' } as const;
const committee = { id: 'standing-committee', role: 'committee' } as const;
const system = { id: 'workflow-timer', role: 'system' } as const;

const currentPost: Post = {
  unit: '区财政局',
  title: '局长',
  rank: '正处',
  leadershipTeam: true,
  carriesProbation: false,
};
const lowerPost: Post = {
  unit: '区财政局',
  title: '副局长',
  rank: '副处',
  leadershipTeam: true,
  carriesProbation: false,
};
const samePost: Post = {
  unit: '区政协',
  title: '专门委员会主任',
  rank: '正处',
  leadershipTeam: false,
  carriesProbation: false,
};

const triggers = {
  evaluation: {
    kind: 'evaluation',
    counts: { total: 100, satisfied: 20, basicallySatisfied: 29, dissatisfied: 51, abstained: 0, invalid: 0 },
  },
  accountability: { kind: 'accountability', incident: '安全生产事故负有领导责任' },
  resignation: { kind: 'resignation_for_responsibility', statement: '对事故负有领导责任，申请引咎辞职' },
  ordered: { kind: 'ordered_resignation', basis: '履职不力，造成严重损失' },
} satisfies Record<string, DemotionTrigger>;

const input: DemotionInput = {
  department: 'district-finance',
  caseId: '2026-D03',
  cadre: { id: 'C-3001', name: '赵强' },
  currentPost,
  relatives: [{ id: 'm2', relation: 'lineal' }],
  nominatedBy: ['leader-wang'],
  trigger: triggers.accountability,
  policy: {},
};

const members = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 3}`); // m2 is a relative
const vote = (
  f: { shouldAttend: number; present: number; for: number; against: number; defer: number },
  extra: Record<string, unknown> = {},
) => ({
  type: 'VOTE_RECORDED',
  at: AT,
  actor: committee,
  recused: 0,
  presentMemberIds: members(f.present),
  recusedMemberIds: [],
  ...f,
  ...extra,
});

const e = {
  verified: { type: 'TRIGGER_VERIFIED', at: AT, actor: org, findings: '经核实，情况属实' },
  dismissed: { type: 'TRIGGER_DISMISSED', at: AT, actor: org, findings: '经核实，不属实' },
  talk: (extra: Record<string, unknown> = {}) => ({
    type: 'TALK_HELD',
    at: AT,
    actor: org,
    summary: '已谈话',
    ...extra,
  }),
  propose: (outcome: string, extra: Record<string, unknown> = {}) => ({
    type: 'OUTCOME_PROPOSED',
    at: AT,
    actor: org,
    outcome,
    exitSupport: { keepsRank: false, placement: '安排到区政协工作' },
    ...extra,
  }),
  passes: vote({ shouldAttend: 11, present: 9, for: 6, against: 2, defer: 1 }),
  exactlyHalfFor: vote({ shouldAttend: 10, present: 8, for: 5, against: 3, defer: 0 }),
  belowQuorum: vote({ shouldAttend: 9, present: 5, for: 5, against: 0, defer: 0 }),
  report: {
    type: 'REPORT_FILED',
    at: AT,
    actor: dept,
    reportId: 'R1',
    channel: 'letter',
    summary: '反映有关问题',
  },
  withdraw: { type: 'WITHDRAWN', at: AT, actor: org, reason: '另案处理' },
};

type Snapshot = AnyMachineSnapshot;
type Action = { type: string; params?: unknown };
const start = (overrides: Partial<DemotionInput> = {}) =>
  initialTransition(demotionMachine, { ...input, ...overrides })[0] as Snapshot;
function send(snapshot: Snapshot, ...events: object[]): [Snapshot, Action[]] {
  let current = snapshot;
  let actions: Action[] = [];
  for (const event of events)
    [current, actions] = transition(demotionMachine, current as never, event as never);
  return [current, actions];
}
const run = (snapshot: Snapshot, ...events: object[]) => send(snapshot, ...events)[0];
function expectRefused(snapshot: Snapshot, ...events: object[]) {
  for (const event of events) {
    expect(snapshot.can(event as never), JSON.stringify(event).slice(0, 120)).toBe(false);
    expect(send(snapshot, event)[0]).toBe(snapshot);
  }
}
const toProposal = (s = start(), talk = e.talk()) => run(s, e.verified, talk);
const toVote = (s = start()) => run(toProposal(s), e.propose('demotion', { newPost: lowerPost }));

describe('demotion machine (降职、免职与“出”): trigger, verification, talk', () => {
  it('the trigger is verified (核实) before anything else; not substantiated, the case ends without action', () => {
    const s = start();
    expect(s.value).toBe('verification');
    expectRefused(s, e.talk(), e.passes, { ...e.verified, actor: dept }, { ...e.verified, findings: '' });
    expect(run(s, e.verified).value).toBe('talk');
    const dismissed = run(s, e.dismissed);
    expect(dismissed.value).toBe('notSubstantiated');
    expect(dismissed.context).toMatchObject({
      outcome: 'not_substantiated',
      verification: { substantiated: false },
    });
  });

  it('an evaluation trigger needs dissatisfaction above 50%: at exactly 50% it cannot be verified, only dismissed', () => {
    const half = {
      kind: 'evaluation' as const,
      counts: {
        total: 100,
        satisfied: 20,
        basicallySatisfied: 30,
        dissatisfied: 50,
        abstained: 0,
        invalid: 0,
      },
    };
    const s = start({ trigger: half });
    expectRefused(s, e.verified);
    expect(run(s, e.dismissed).value).toBe('notSubstantiated');
    expect(run(start({ trigger: triggers.evaluation }), e.verified).value).toBe('talk');
  });

  it('the talk records the cadre’s defence (申辩)', () => {
    const s = run(start(), e.verified, e.talk({ defence: '事故系客观原因所致' }));
    expect(s.value).toBe('proposal');
    expect(s.context.talk).toMatchObject({ defence: '事故系客观原因所致', by: org });
  });

  it('an ordered resignation’s talk must record whether the cadre resigns; other talks must not', () => {
    const ordered = run(start({ trigger: triggers.ordered }), e.verified);
    expectRefused(ordered, e.talk(), e.talk({ response: 'maybe' }));
    expect(run(ordered, e.talk({ response: 'refuses' })).context.talk.response).toBe('refuses');
    expectRefused(run(start(), e.verified), e.talk({ response: 'accepts' }));
  });
});

describe('demotion machine: the proposal and its outcome', () => {
  it('demotion (降职) names a lower post; reassignment (改任) one no higher; removal names none', () => {
    const s = toProposal();
    expectRefused(
      s,
      e.propose('demotion'),
      e.propose('demotion', { newPost: samePost }),
      e.propose('reassignment', { newPost: { ...samePost, rank: '副局' } }),
      e.propose('removal', { newPost: lowerPost }),
      e.propose('resignation'),
      e.propose('demotion', { newPost: lowerPost, actor: dept }),
      e.propose('demotion', { newPost: lowerPost, exitSupport: {} }),
    );
    expect(run(s, e.propose('demotion', { newPost: lowerPost })).value).toBe('committeeVote');
    expect(run(s, e.propose('reassignment', { newPost: samePost })).value).toBe('committeeVote');
    expect(run(s, e.propose('removal', { removalGrounds: 'accountability' })).value).toBe('committeeVote');
  });

  it('a defence stated in the talk must be answered in the proposal', () => {
    const s = toProposal(start(), e.talk({ defence: '事故系客观原因所致' }));
    expectRefused(s, e.propose('removal'), e.propose('removal', { defenceResponse: ' ' }));
    expect(
      run(
        s,
        e.propose('removal', {
          removalGrounds: 'accountability',
          defenceResponse: '经核实，本人负有直接领导责任',
        }),
      ).context.proposal.defenceResponse,
    ).toBe('经核实，本人负有直接领导责任');
  });

  it('resignation taking responsibility (引咎辞职) can only be a resignation', () => {
    const s = toProposal(start({ trigger: triggers.resignation }));
    expectRefused(s, e.propose('removal'), e.propose('demotion', { newPost: lowerPost }));
    expect(run(s, e.propose('resignation')).value).toBe('committeeVote');
  });

  it('an ordered resignation (责令辞职) refused by the cadre leads to removal (免职); accepted, to resignation', () => {
    const refused = toProposal(start({ trigger: triggers.ordered }), e.talk({ response: 'refuses' }));
    expectRefused(refused, e.propose('resignation'), e.propose('demotion', { newPost: lowerPost }));
    const removed = run(refused, e.propose('removal', { removalGrounds: 'accountability' }), e.passes);
    // In effect and open to 复核 and 申诉 (fourth edition): the outcome settles as the case closes.
    expect(removed.value).toBe('openToReview');
    expect(removed.context.proposal.outcome).toBe('removal');
    expect(removed.context.influence.measure.kind).toBe('removal');

    const accepted = toProposal(start({ trigger: triggers.ordered }), e.talk({ response: 'accepts' }));
    expectRefused(accepted, e.propose('removal'));
    const resigned = run(accepted, e.propose('resignation'), e.passes);
    expect(resigned.context.outcome).toBe('resignation');
    expect(resigned.context.influence.measure.kind).toBe('ordered_resignation');
  });

  it('in effect, the outcome starts its influence period (影响期), kept for later qualification reviews, and the change is applied', () => {
    const [s, actions] = send(
      toProposal(start({ trigger: triggers.resignation })),
      e.propose('resignation'),
      e.passes,
    );
    expect(s.value).toBe('effective');
    expect(s.status).toBe('done');
    // After 引咎辞职: no leading post for one year, nothing above the former level for two.
    expect(s.context.influence).toEqual({
      measure: {
        kind: 'resignation_for_responsibility',
        effectiveDate: '2026-03-10',
        rankAtMeasure: 'division',
      },
      periods: [
        {
          restriction: 'no_leading_post',
          from: '2026-03-10',
          lastBlockedDate: '2027-03-09',
          freeFrom: '2027-03-10',
        },
        {
          restriction: 'not_above_former_rank',
          from: '2026-03-10',
          lastBlockedDate: '2028-03-09',
          freeFrom: '2028-03-10',
        },
      ],
    });
    // The vote's own notice, then the change and its notice.
    expect(actions.map((a) => a.type)).toEqual(['notify', 'applyPersonnelChange', 'notify']);
    expect(actions[1]?.params).toMatchObject({
      cadreId: 'C-3001',
      outcome: 'resignation',
      exitSupport: { keepsRank: false, placement: '安排到区政协工作' },
      measure: s.context.influence?.measure,
    });
  });

  it('a demotion is recorded with its new post and exit support, and bars promotion for two years', () => {
    const s = run(toVote(), e.passes);
    expect(s.context.proposal.outcome).toBe('demotion');
    expect(s.context.proposal).toMatchObject({ newPost: lowerPost, exitSupport: { keepsRank: false } });
    expect(s.context.influence.periods).toEqual([
      {
        restriction: 'no_promotion',
        from: '2026-03-10',
        lastBlockedDate: '2028-03-09',
        freeFrom: '2028-03-10',
      },
    ]);
  });
});

describe('demotion machine: vote, withdrawal, closed cases', () => {
  it('a vote of exactly half of should-attend in favour fails: the measure is not taken', () => {
    const s = run(toVote(), e.exactlyHalfFor);
    expect(s.value).toBe('notApproved');
    expect(s.context.influence).toBeUndefined();
  });

  it('a vote without quorum is void and stays for another vote; only the committee votes', () => {
    const s = run(toVote(), e.belowQuorum);
    expect(s.value).toBe('committeeVote');
    expectRefused(s, { ...e.passes, actor: org });
    expect(run(s, e.passes).value).toBe('openToReview');
  });

  it('a relative of the cadre counted as present is refused', () => {
    expectRefused(toVote(), { ...e.passes, presentMemberIds: ['m2', ...members(8)] });
  });

  it('the organization department may withdraw before the measure takes effect; a closed case refuses everything', () => {
    for (const s of [start(), toProposal(), toVote()]) expect(run(s, e.withdraw).value).toBe('withdrawn');
    const effective = run(
      toProposal(start({ trigger: triggers.resignation })),
      e.propose('resignation'),
      e.passes,
    );
    expect(effective.status).toBe('done');
    expectRefused(effective, e.withdraw, e.report, e.verified, e.passes);
    // A 降职 in effect is open to 复核 and 申诉 (fourth edition), not to withdrawal or reports.
    expectRefused(run(toVote(), e.passes), e.withdraw, e.report, e.verified, e.passes);
  });

  it('a report is recorded, without holding', () => {
    const s = run(toVote(), e.report);
    expect(s.value).toBe('committeeVote');
    expect(s.context.reports).toEqual([expect.objectContaining({ status: 'recorded' })]);
  });
});

describe('demotion start schema', () => {
  const body = {
    department: 'district-finance',
    caseId: 'D-1',
    cadre: input.cadre,
    currentPost,
    trigger: triggers.accountability,
  };

  it('an evaluation trigger must show dissatisfaction above the policy’s adjustment line', () => {
    const at = (dissatisfied: number, policy = {}) =>
      demotionStartSchema.safeParse({
        ...body,
        policy,
        trigger: {
          kind: 'evaluation',
          counts: { total: 100, satisfied: 100 - dissatisfied, basicallySatisfied: 0, dissatisfied },
        },
      }).success;
    expect(at(50)).toBe(false);
    expect(at(51)).toBe(true);
    // A stricter district line (adjustment above 40%) lets 45% trigger.
    expect(
      at(45, {
        evaluation: {
          adjustmentAboveDissatisfactionPercent: 40,
          admonishmentAboveDissatisfactionPercent: 20,
        },
      }),
    ).toBe(true);
  });

  it('a looser policy, an unknown rank, or an annual assessment other than 不称职 is refused', () => {
    expect(demotionStartSchema.safeParse(body).success).toBe(true);
    expect(
      demotionStartSchema.safeParse({
        ...body,
        policy: { evaluation: { adjustmentAboveDissatisfactionPercent: 60 } },
      }).success,
    ).toBe(false);
    expect(
      demotionStartSchema.safeParse({ ...body, currentPost: { ...currentPost, rank: '处级干部' } }).success,
    ).toBe(false);
    expect(
      demotionStartSchema.safeParse({
        ...body,
        trigger: { kind: 'annual_assessment', year: 2025, grade: 'basically_competent' },
      }).success,
    ).toBe(false);
    expect(demotionEventSchema.safeParse(e.propose('exile')).success).toBe(false);
  });
});

describe('demotion machine: generated check', () => {
  it('every state is reachable, and every state × event is a transition or a refusal that changes nothing', () => {
    const samples = [
      e.verified,
      { ...e.verified, actor: dept },
      e.dismissed,
      e.talk({ response: 'refuses' }),
      e.talk({ response: 'accepts' }),
      e.talk(),
      e.propose('removal', { removalGrounds: 'accountability' }),
      e.propose('resignation'),
      e.propose('demotion', { newPost: lowerPost }),
      e.passes,
      e.exactlyHalfFor,
      e.belowQuorum,
      { ...e.passes, presentMemberIds: ['m2', ...members(8)] },
      e.report,
      { ...e.report, actor: committee },
      e.withdraw,
      { ...e.withdraw, actor: dept },
      // 复核 and 申诉 (fourth edition): in time and a day late, each ruling, the extension, the timers.
      { type: 'REVIEW_REQUESTED', at: AT, actor: dept, grounds: '处理过重' },
      { type: 'REVIEW_REQUESTED', at: '2026-04-09T16:00:00.000Z', actor: dept, grounds: '处理过重' },
      { type: 'REVIEW_DECIDED', at: AT, actor: org, ruling: 'maintained', reasons: '事实清楚' },
      { type: 'REVIEW_DECIDED', at: AT, actor: org, ruling: 'revoked', reasons: '事实有误' },
      { type: 'REVIEW_DECIDED', at: AT, actor: dept, ruling: 'revoked', reasons: '事实有误' },
      { type: 'APPEAL_FILED', at: AT, actor: dept, grounds: '不服', organ: '区委组织部' },
      { type: 'APPEAL_EXTENDED', at: AT, actor: org, days: 30, grounds: '案情复杂' },
      { type: 'APPEAL_EXTENDED', at: AT, actor: org, days: 31, grounds: '案情复杂' },
      { type: 'APPEAL_DECIDED', at: AT, actor: org, ruling: 'maintained', reasons: '维持' },
      {
        type: 'APPEAL_DECIDED',
        at: AT,
        actor: org,
        ruling: 'changed',
        reasons: '依据不足',
        change: '改为诫勉',
      },
      { type: 'RECOURSE_PERIOD_ENDED', at: AT, actor: system },
      { type: 'REVIEW_DECISION_OVERDUE', at: AT, actor: system },
      { type: 'APPEAL_DECISION_OVERDUE', at: AT, actor: system },
    ];
    const reached = checkMachineExhaustively(
      demotionMachine,
      { ...input, trigger: triggers.ordered },
      samples,
    );
    expect(new Set(reached.map((s) => s.value))).toEqual(
      new Set([
        'verification',
        'talk',
        'proposal',
        'committeeVote',
        'effective',
        'notSubstantiated',
        'notApproved',
        'withdrawn',
        'openToReview',
        'reviewPending',
        'maintainedOnReview',
        'appealPending',
        'recourseEnded',
        'maintainedOnAppeal',
        'reversed',
      ]),
    );
  });
});
