import type { Post } from '../../domain/case';
import type { PromotionInput } from '../../machines/promotion';

/**
 * A promotion case and its events, shared by the machine tests and the workflow tests. The workflow
 * host stamps its own `at` on every event (and the API its own actor), so the workflow tests reuse the
 * same events as they are.
 */
// ---- a case and its events, on one timeline around the 2026 Spring Festival ----

export const T0 = '2026-02-11T02:00:00.000Z'; // Wed 10:00 China time: every step up to the vote
const PUBLISHED_AT = '2026-02-12T01:00:00.000Z'; // Thu 09:00 China time
const PUBLICITY_REPORTED_AT = '2026-02-12T02:00:00.000Z';
export const PUBLICITY_CLOSES_AT = '2026-02-25T16:00:00.000Z'; // the end of Wed 2026-02-25, China time
const APPOINTED_AT = '2026-03-02T02:00:00.000Z';

export const org = { id: 'od-zhang', role: 'organization_department' } as const;
export const dept = { id: 'fin-hr', role: 'department' } as const;
export const committee = { id: 'standing-committee', role: 'committee' } as const;
export const timer = { id: 'workflow-timer', role: 'system' } as const;

export const sectionHead = (unit: string, rank = '正科'): Post => ({
  unit,
  title: '科长',
  rank,
  leadershipTeam: false,
  carriesProbation: false,
});

export const post: Post = {
  unit: '区财政局',
  title: '副局长',
  rank: '副处',
  leadershipTeam: true,
  carriesProbation: true,
};

export const input: PromotionInput = {
  department: 'district-finance',
  caseId: '2026-021',
  post,
  reportingLines: {
    unitId: 'district-finance-bureau',
    function: 'finance',
    directSuperiorId: 'L-director',
    unitLeaderIds: ['L-director', 'L-deputy'],
  },
  important: false,
  openSelection: false,
  specialPost: false,
  policy: {},
};

const NAMES: Record<string, string> = { A: '甲', B: '乙', C: '丙', D: '丁' };

export const nominate = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'NOMINATED',
  at: T0,
  actor: dept,
  nominee: { id, name: NAMES[id] ?? id, currentPost: sectionHead(`${id}科`) },
  channel: 'organizational',
  nominators: [{ id: 'party-group-fin', name: '局党组' }],
  signed: false,
  ...extra,
});

export const review = (id: string, facts: Record<string, unknown> = {}, relatives: unknown[] = []) => ({
  type: 'QUALIFICATION_REVIEWED',
  at: T0,
  actor: org,
  nomineeId: id,
  facts: {
    nomineeId: id,
    asOf: '2026-02-11',
    workStartDate: '2010-07-01',
    currentRank: 'section',
    currentRankSince: '2020-01-01',
    targetRank: 'deputy_division',
    lastAnnualAppraisal: 'competent',
    measures: [],
    family: { spouse: 'domestic', children: 1, childrenEmigrated: 0 },
    grassRootsYears: 3,
    postsAtLevelBelow: 2,
    ...facts,
  },
  relatives,
});

export const counts = {
  clear: { total: 100, satisfied: 80, basicallySatisfied: 15, dissatisfied: 5 },
  notExcellent: { total: 100, satisfied: 74, basicallySatisfied: 26, dissatisfied: 0 },
  admonishment: { total: 100, satisfied: 60, basicallySatisfied: 19, dissatisfied: 21 },
  adjustment: { total: 100, satisfied: 30, basicallySatisfied: 19, dissatisfied: 51 },
};

export const evaluate = (id: string, c: object, actor: object = org) => ({
  type: 'EVALUATION_RECORDED',
  at: T0,
  actor,
  candidateId: id,
  counts: c,
});

export const inspected = (id: string) => ({
  type: 'INSPECTION_REPORTED',
  at: T0,
  actor: org,
  candidateId: id,
  talks: { held: 24, summary: '群众公认度较高' },
  teamMemberIds: ['T-li', 'T-wang'],
  scores: { superiors: 92, peers: 88, subordinates: 90, public: 86, comprehensive: 89 },
});

// ---- the gates before the vote (rules edition 2) ----

/** The second 酝酿 of the proposed appointment (条例 art. 34). */
export const deliberated = (candidateId?: string, extra: Record<string, unknown> = {}) => ({
  type: 'PROPOSAL_DELIBERATED',
  at: T0,
  actor: org,
  ...(candidateId ? { candidateId } : {}),
  participants: ['区委书记', '区长', '区委副书记'],
  heldOn: '2026-02-11',
  summary: '同意提交常委会讨论',
  ...extra,
});

/** One of the four checks of 凡提四必. */
export const checked = (candidateId: string, check: string, extra: Record<string, unknown> = {}) => ({
  type: 'PRE_VOTE_CHECK_RECORDED',
  at: T0,
  actor: org,
  candidateId,
  check,
  checkedBy: '干部监督科 李四',
  checkedOn: '2026-02-11',
  conclusion: 'clear',
  summary: '核查清楚，无问题',
  ...(check === 'discipline_opinion'
    ? { integrity: { signedByPartySecretary: true, signedByDisciplineSecretary: true } }
    : {}),
  ...extra,
});

export const PRE_VOTE_CHECKS = [
  'personnel_file',
  'personal_matters',
  'discipline_opinion',
  'reports',
] as const;

export const briefed = (candidateId: string, extra: Record<string, unknown> = {}) => ({
  type: 'VOTE_BRIEFING_FILED',
  at: T0,
  actor: org,
  candidateId,
  recommendation: '民主推荐得票第一',
  inspection: '考察中群众公认度较高',
  appointment: '工作需要，人岗相适',
  ...extra,
});

/** Everything a candidate needs on record before the vote: 酝酿, 凡提四必, the briefing. */
export const readyForVote = (...ids: string[]) =>
  ids.flatMap((id) => [
    deliberated(ids.length > 1 ? id : undefined),
    ...PRE_VOTE_CHECKS.map((check) => checked(id, check)),
    briefed(id),
  ]);

/**
 * An event dated on `day` (YYYY-MM-DD): the dates a step states (a deliberation's, a check's, a talk's)
 * may not lie in the future, so tests on a server clock date them by it.
 */
export function datedOn<T extends object>(day: string, event: T): T {
  const ev = event as Record<string, unknown>;
  const deliberation = ev.deliberation as Record<string, unknown> | undefined;
  return {
    ...event,
    ...('heldOn' in ev ? { heldOn: day } : {}),
    ...('checkedOn' in ev ? { checkedOn: day } : {}),
    ...(deliberation ? { deliberation: { ...deliberation, heldOn: day } } : {}),
  };
}

export const members = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);

export type Figures = { shouldAttend: number; present: number; for: number; against: number; defer: number };
export const vote = (figures: Figures, extra: Record<string, unknown> = {}) => ({
  type: 'VOTE_RECORDED',
  at: T0,
  actor: committee,
  recused: 0,
  presentMemberIds: members(figures.present),
  recusedMemberIds: [],
  ...figures,
  ...extra,
});

export const votes = {
  passes: vote({ shouldAttend: 11, present: 9, for: 6, against: 2, defer: 1 }),
  exactlyHalfFor: vote({ shouldAttend: 10, present: 10, for: 5, against: 5, defer: 0 }),
  exactlyTwoThirdsPresent: vote({ shouldAttend: 9, present: 6, for: 5, against: 1, defer: 0 }),
  belowQuorumAllFor: vote({ shouldAttend: 9, present: 5, for: 5, against: 0, defer: 0 }),
  // From rules edition 2 the committee records its decision to defer (暂缓); edition 1 ignores the flag.
  deferred: vote({ shouldAttend: 9, present: 7, for: 3, against: 1, defer: 3 }, { deferred: true }),
};

export const e = {
  motion: {
    type: 'MOTION_ADOPTED',
    at: T0,
    actor: org,
    conditions: '选配区财政局副局长一名，条件见动议方案',
    deliberation: { participants: ['区委书记', '区长', '组织部长'], heldOn: '2026-02-10' },
  },
  closeNominations: { type: 'NOMINATION_CLOSED', at: T0, actor: org },
  concludeReview: { type: 'QUALIFICATION_REVIEW_CONCLUDED', at: T0, actor: org },
  recommendation: (tookPart = 60, tallied = ['A', 'B', 'C']) => ({
    type: 'RECOMMENDATION_RECORDED',
    at: T0,
    actor: org,
    method: 'talks_and_meeting',
    participation: { listed: 90, tookPart },
    channels: [
      {
        channel: 'mass_recommendation',
        participants: 60,
        tallies: Object.fromEntries(tallied.map((id, i) => [id, 40 - 10 * i])),
      },
      {
        channel: 'organizational',
        participants: 5,
        tallies: { [tallied[1] ?? 'A']: 4, [tallied[0] ?? 'A']: 1 },
      },
    ],
  }),
  choose: (...candidateIds: string[]) => ({
    type: 'INSPECTION_CANDIDATES_CHOSEN',
    at: T0,
    actor: org,
    candidateIds,
    decision: '部务会议纪要〔2026〕3号',
  }),
  notice: {
    type: 'INSPECTION_NOTICE_PUBLISHED',
    at: T0,
    actor: org,
    publishedAt: T0,
    time: '2026年2月16日至2月27日',
    content: '德、能、勤、绩、廉',
    procedure: '民主测评、个别谈话、综合分析',
    standard: '《党政领导干部选拔任用工作条例》',
    numberOfPosts: 1,
    requirements: '见动议方案',
  },
  // Published Wed 2026-02-11: three full days after it, so to the end of Sat 2026-02-14 China time.
  noticeElapsed: { type: 'INSPECTION_NOTICE_ELAPSED', at: '2026-02-14T16:00:00.000Z', actor: timer },
  conclude: (...proposedIds: string[]) => ({
    type: 'INSPECTION_CONCLUDED',
    at: T0,
    actor: org,
    proposedIds,
    decision: '部务会议纪要〔2026〕4号',
  }),
  consulted: { type: 'CONSULTATION_CONCLUDED', at: T0, actor: org, consulted: 9, summary: '无不同意见' },
  finalists: (...finalistIds: string[]) => ({
    type: 'FINALISTS_PRESENTED',
    at: T0,
    actor: org,
    finalistIds,
    question: '如何推进预算绩效管理？',
  }),
  publicity: {
    type: 'PUBLICITY_STARTED',
    at: PUBLICITY_REPORTED_AT,
    actor: org,
    publishedAt: PUBLISHED_AT,
    venues: ['original_unit', 'proposed_unit', 'media'],
  },
  publicityClosed: { type: 'PUBLICITY_CLOSED', at: PUBLICITY_CLOSES_AT, actor: timer },
  waived: {
    type: 'PUBLICITY_WAIVED',
    at: PUBLICITY_REPORTED_AT,
    actor: org,
    basis: '涉密岗位，依规不予公示',
  },
  report: (reportId: string, at = '2026-02-13T02:00:00.000Z') => ({
    type: 'REPORT_FILED',
    at,
    actor: dept,
    reportId,
    channel: 'online',
    summary: '反映拟任人选存在违规问题',
  }),
  cleared: (reportId: string, at = '2026-02-24T02:00:00.000Z') => ({
    type: 'VERIFICATION_CLEARED',
    at,
    actor: org,
    reportId,
    findings: '经核查，反映问题不属实',
  }),
  substantiated: (reportId: string, at = '2026-02-24T02:00:00.000Z') => ({
    type: 'VERIFICATION_SUBSTANTIATED',
    at,
    actor: org,
    reportId,
    findings: '经核查，反映问题属实',
  }),
  appoint: { type: 'APPOINTMENT_ISSUED', at: APPOINTED_AT, actor: org, noticeDate: '2026-03-02' },
  talk: {
    type: 'APPOINTMENT_TALK_HELD',
    at: APPOINTED_AT,
    actor: org,
    talkedBy: '区委组织部部长',
    heldOn: '2026-03-02',
    summary: '提出工作要求和廉洁从政要求',
  },
  withdraw: { type: 'WITHDRAWN', at: T0, actor: org, reason: '岗位调整，动议撤回' },
};

/**
 * A promotion's opening steps on `today` (a China date), from its motion to the choice of A and B as
 * candidates for inspection: what a driven case sends before its inspection notice.
 */
export function eventsToTheChoice(today: string): Record<string, unknown>[] {
  const reviewed = (id: string) => review(id, { asOf: today });
  return [
    datedOn(today, e.motion),
    nominate('A'),
    nominate('B'),
    nominate('C'),
    e.closeNominations,
    reviewed('A'),
    reviewed('B'),
    reviewed('C'),
    e.concludeReview,
    e.recommendation(),
    e.choose('A', 'B'),
  ];
}
