import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Post } from '../../domain/case';
import { rotationEventSchema, rotationStartSchema } from '../../domain/tracks/rotation';
import { type RotationInput, rotationMachine } from '../../machines/rotation';
import { checkMachineExhaustively } from './support/exhaustive';

const AT = '2026-02-11T02:00:00.000Z'; // Wed 10:00 China time
const org = { id: 'od-zhang', role: 'organization_department' } as const;
const dept = { id: 'fin-hr', role: 'department' } as const;
const committee = { id: 'standing-committee', role: 'committee' } as const;

const currentPost: Post = {
  unit: '区财政局',
  title: '副局长',
  rank: '副处',
  leadershipTeam: true,
  carriesProbation: false,
};
const proposedPost: Post = {
  unit: '区审计局',
  title: '副局长',
  rank: '副处',
  leadershipTeam: true,
  carriesProbation: false,
};

const input: RotationInput = {
  department: 'district-org',
  caseId: '2026-R07',
  cadre: { id: 'C-2001', name: '王芳' },
  currentPost,
  // Exactly ten years before AT's China date: the anniversary counts.
  inPostSince: '2016-02-11',
  relatives: [
    { id: 'L-zhao', relation: 'spouse' },
    { id: 'm3', relation: 'collateral' },
  ],
  policy: {},
};

const lines = (directSuperiorId: string | null, unitLeaderIds: string[] = ['L-audit-head']) => ({
  unitId: 'district-audit-bureau',
  function: 'audit' as const,
  directSuperiorId,
  unitLeaderIds,
});

const propose = (extra: Record<string, unknown> = {}) => ({
  type: 'ROTATION_PROPOSED',
  at: AT,
  actor: org,
  rotationReason: 'ten_years_in_post',
  proposedPost,
  reportingLines: lines('L-audit-head'),
  eligibility: { measures: [], family: { spouse: 'domestic', children: 1, childrenEmigrated: 0 } },
  ...extra,
});

const members = (n: number, skip: string[] = []) =>
  Array.from({ length: n + skip.length }, (_, i) => `m${i + 1}`)
    .filter((m) => !skip.includes(m))
    .slice(0, n);

const vote = (
  f: { shouldAttend: number; present: number; for: number; against: number; defer: number },
  extra: Record<string, unknown> = {},
) => ({
  type: 'VOTE_RECORDED',
  at: AT,
  actor: committee,
  recused: 0,
  presentMemberIds: members(f.present, ['m3']),
  recusedMemberIds: [],
  ...f,
  ...extra,
});

const e = {
  consulted: { type: 'CONSULTATION_CONCLUDED', at: AT, actor: org, consulted: 6, summary: '两单位党组同意' },
  passes: vote({ shouldAttend: 11, present: 9, for: 6, against: 2, defer: 1 }),
  exactlyHalfFor: vote({ shouldAttend: 10, present: 10, for: 5, against: 5, defer: 0 }),
  belowQuorum: vote({ shouldAttend: 9, present: 5, for: 5, against: 0, defer: 0 }),
  // From rules edition 2 the committee records its decision to defer (暂缓), issue 10.
  deferred: vote({ shouldAttend: 9, present: 7, for: 3, against: 1, defer: 3 }, { deferred: true }),
  talk: {
    type: 'NOTICE_AND_TALK_HELD',
    at: '2026-02-13T02:00:00.000Z',
    actor: org,
    noticeDate: '2026-02-13',
    summary: '已谈话，本人服从组织安排',
  },
  report: {
    type: 'REPORT_FILED',
    at: AT,
    actor: dept,
    reportId: 'R1',
    channel: 'mailbox',
    summary: '反映有关问题',
  },
  withdraw: { type: 'WITHDRAWN', at: AT, actor: org, reason: '工作需要，暂缓交流' },
};

type Snapshot = AnyMachineSnapshot;
type Action = { type: string; params?: unknown };
const start = (overrides: Partial<RotationInput> = {}) =>
  initialTransition(rotationMachine, { ...input, ...overrides })[0] as Snapshot;
function send(snapshot: Snapshot, ...events: object[]): [Snapshot, Action[]] {
  let current = snapshot;
  let actions: Action[] = [];
  for (const event of events)
    [current, actions] = transition(rotationMachine, current as never, event as never);
  return [current, actions];
}
const run = (snapshot: Snapshot, ...events: object[]) => send(snapshot, ...events)[0];
function expectRefused(snapshot: Snapshot, ...events: object[]) {
  for (const event of events) {
    expect(snapshot.can(event as never), JSON.stringify(event).slice(0, 120)).toBe(false);
    expect(send(snapshot, event)[0]).toBe(snapshot);
  }
}
const toVote = (s = start()) => run(s, propose(), e.consulted);

describe('rotation machine (交流轮岗)', () => {
  it('ten years in the same post (满十年) is verified from the facts: exactly ten years qualifies, a day short does not', () => {
    const s = start();
    expect(s.value).toBe('motion');
    const proposed = run(s, propose());
    expect(proposed.value).toBe('consultation');
    expect(proposed.context.proposal).toMatchObject({
      rotationReason: 'ten_years_in_post',
      proposedPost,
      by: org,
    });
    expectRefused(start({ inPostSince: '2016-02-12' }), propose());
    // Development (培养锻炼) needs no years.
    expect(run(start({ inPostSince: '2024-01-01' }), propose({ rotationReason: 'development' })).value).toBe(
      'consultation',
    );
  });

  it('avoidance (回避) as the reason must show the current post’s conflict', () => {
    const s = start({ inPostSince: '2024-01-01' });
    expectRefused(
      s,
      propose({ rotationReason: 'avoidance' }),
      propose({ rotationReason: 'avoidance', currentReportingLines: lines('L-other') }),
    );
    const moved = run(
      s,
      propose({
        rotationReason: 'avoidance',
        currentReportingLines: { ...lines('L-zhao'), unitId: 'district-finance-bureau' },
      }),
    );
    expect(moved.value).toBe('consultation');
    expect(moved.context.proposal.currentConflicts).toEqual([
      expect.objectContaining({ code: 'reports_to_relative', relativeId: 'L-zhao' }),
    ]);
  });

  it('a move that would put the cadre under a relative is refused (avoidanceConflicts)', () => {
    expectRefused(
      start(),
      propose({ reportingLines: lines('L-zhao') }),
      propose({ reportingLines: lines('L-audit-head', ['L-audit-head', 'L-zhao']) }),
    );
  });

  it('a rotation is lateral: another post at the same rank', () => {
    expectRefused(
      start(),
      propose({ proposedPost: { ...proposedPost, rank: '正处' } }),
      propose({ proposedPost: currentPost }),
      propose({ proposedPost: { ...proposedPost, rank: '副处级' }, rotationReason: 'sabbatical' }),
    );
    expect(run(start(), propose({ proposedPost: { ...proposedPost, rank: '副处级' } })).value).toBe(
      'consultation',
    );
  });

  it('the motion and consultation are the organization department’s', () => {
    expectRefused(start(), propose({ actor: dept }), e.consulted);
    const s = run(start(), propose());
    expectRefused(s, { ...e.consulted, actor: committee }, e.passes);
    expect(run(s, e.consulted).value).toBe('committeeVote');
  });

  it('only the committee votes; more than half of should-attend in favour passes', () => {
    const s = toVote();
    expectRefused(s, { ...e.passes, actor: org });
    const [passed, actions] = send(s, e.passes);
    expect(passed.value).toBe('noticeAndTalk');
    expect(passed.context.vote).toMatchObject({ outcome: 'passed', subjectId: 'C-2001' });
    expect(actions.map((a) => a.type)).toEqual(['notify']);
  });

  it('a vote of exactly half of should-attend in favour fails: not approved', () => {
    const s = run(toVote(), e.exactlyHalfFor);
    expect(s.value).toBe('notApproved');
    expect(s.context.outcome).toBe('not_approved');
  });

  it('a vote without quorum is void and a deferred vote waits: both stay for another vote', () => {
    const void_ = run(toVote(), e.belowQuorum);
    expect(void_.value).toBe('committeeVote');
    expect(void_.context.vote.outcome).toBe('void_no_quorum');
    const deferred = run(toVote(), e.deferred);
    expect(deferred.context.vote.outcome).toBe('deferred');
    expect(run(deferred, e.passes).value).toBe('noticeAndTalk');
  });

  it('a committee member who is the cadre’s relative, or the cadre, must recuse: counted as present, the vote is refused', () => {
    const s = toVote();
    expectRefused(
      s,
      { ...e.passes, presentMemberIds: members(9) },
      { ...e.passes, presentMemberIds: [...members(8, ['m3']), 'C-2001'] },
    );
    const recused = vote(
      { shouldAttend: 11, present: 9, for: 6, against: 2, defer: 1 },
      { recused: 1, recusedMemberIds: ['m3'], presentMemberIds: members(9, ['m3']) },
    );
    expect(run(s, recused).value).toBe('noticeAndTalk');
  });

  it('notice and talk lead to the transfer (transferPost), not before the vote and not dated in the future', () => {
    const s = run(toVote(), e.passes);
    expectRefused(
      s,
      { ...e.talk, noticeDate: '2026-02-10' },
      { ...e.talk, noticeDate: '2026-02-14' },
      { ...e.talk, summary: '' },
      { ...e.talk, actor: dept },
    );
    expectRefused(toVote(), e.talk);
    const [done, actions] = send(s, e.talk);
    expect(done.value).toBe('transferred');
    expect(done.status).toBe('done');
    expect(done.context).toMatchObject({ outcome: 'transferred', talk: { noticeDate: '2026-02-13' } });
    expect(actions).toEqual([
      expect.objectContaining({
        type: 'transferPost',
        params: { cadreId: 'C-2001', post: done.context.proposal?.proposedPost, since: '2026-02-13' },
      }),
      expect.objectContaining({ type: 'notify', params: { kind: 'transferred', to: 'department' } }),
    ]);
  });

  it('the organization department may withdraw before the transfer, saying why; not after', () => {
    for (const s of [start(), run(start(), propose()), toVote(), run(toVote(), e.passes)]) {
      const withdrawn = run(s, e.withdraw);
      expect(withdrawn.value).toBe('withdrawn');
      expect(withdrawn.context.withdrawal).toMatchObject({ reason: e.withdraw.reason });
    }
    expectRefused(toVote(), { ...e.withdraw, actor: dept }, { ...e.withdraw, reason: ' ' });
    const transferred = run(toVote(), e.passes, e.talk);
    expectRefused(transferred, e.withdraw, e.report, e.passes, propose());
  });

  it('a report is recorded and notified, without holding a rotation', () => {
    const [s, actions] = send(toVote(), e.report);
    expect(s.value).toBe('committeeVote');
    expect(s.context.reports).toEqual([expect.objectContaining({ id: 'R1', status: 'recorded' })]);
    expect(actions).toEqual([
      expect.objectContaining({ params: { kind: 'report_recorded', to: 'organization_department' } }),
    ]);
    expect(run(s, e.passes).value).toBe('noticeAndTalk');
  });

  it('the start schema refuses a policy looser than the rules; caller events are validated', () => {
    const body = {
      department: 'district-org',
      caseId: 'R-1',
      cadre: input.cadre,
      currentPost,
      inPostSince: '2016-02-11',
    };
    expect(rotationStartSchema.safeParse(body).success).toBe(true);
    expect(
      rotationStartSchema.safeParse({
        ...body,
        policy: { vote: { passAboveShareOfShouldAttend: { numerator: 2, denominator: 5 } } },
      }).success,
    ).toBe(false);
    expect(rotationEventSchema.safeParse(propose()).success).toBe(true);
    expect(rotationEventSchema.safeParse(propose({ rotationReason: 'whim' })).success).toBe(false);
  });

  it('every state is reachable, and every state × event is a transition or a refusal that changes nothing', () => {
    const samples = [
      propose(),
      propose({ reportingLines: lines('L-zhao') }),
      propose({ actor: dept }),
      e.consulted,
      { ...e.consulted, consulted: 0 },
      e.passes,
      e.exactlyHalfFor,
      e.belowQuorum,
      e.deferred,
      { ...e.passes, presentMemberIds: members(9) },
      e.talk,
      { ...e.talk, noticeDate: '2026-02-10' },
      e.report,
      { ...e.report, actor: committee },
      e.withdraw,
      { ...e.withdraw, actor: dept },
    ];
    const reached = checkMachineExhaustively(rotationMachine, input, samples);
    expect(new Set(reached.map((s) => s.value))).toEqual(
      new Set([
        'motion',
        'consultation',
        'committeeVote',
        'noticeAndTalk',
        'transferred',
        'notApproved',
        'withdrawn',
      ]),
    );
  });
});
