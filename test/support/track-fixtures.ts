import type { Post } from '../../domain/case';
import type { DemotionStart, DemotionTrigger } from '../../domain/tracks/demotion';
import type { RotationStart } from '../../domain/tracks/rotation';
import { uniqueCaseId } from './cases';
import { committee, dept, org } from './promotion-fixtures';

/**
 * Rotation and demotion cases and their events, for the workflow tests, the replay scenarios and the API
 * tests. The workflow host stamps each event's `at` (and the API its actor), so the events carry neither
 * `at` nor anything that depends on the date; those that name a date take it as an argument.
 */
export { committee, dept };

type Figures = { shouldAttend: number; present: number; for: number; against: number; defer: number };

/** A committee vote; `members` names those present (relatives of the cadre left out by the caller). */
const voteWith =
  (members: (n: number) => string[]) =>
  (figures: Figures, extra: Record<string, unknown> = {}) => ({
    type: 'VOTE_RECORDED',
    actor: committee,
    recused: 0,
    presentMemberIds: members(figures.present),
    recusedMemberIds: [],
    ...figures,
    ...extra,
  });

// ---- rotation (交流轮岗) ----

export const rotationPosts = {
  current: {
    unit: '区财政局',
    title: '副局长',
    rank: '副处',
    leadershipTeam: true,
    carriesProbation: false,
  } satisfies Post,
  proposed: {
    unit: '区审计局',
    title: '副局长',
    rank: '副处',
    leadershipTeam: true,
    carriesProbation: false,
  } satisfies Post,
};

/** The cadre's spouse L-zhao works in the district; committee member m3 is a cousin and must recuse. */
export const rotationStart = (overrides: Partial<RotationStart> = {}): RotationStart => ({
  department: 'district-org',
  caseId: uniqueCaseId('rot'),
  cadre: { id: 'C-2001', name: '王芳' },
  currentPost: rotationPosts.current,
  inPostSince: '2016-02-11',
  relatives: [
    { id: 'L-zhao', relation: 'spouse' },
    { id: 'm3', relation: 'collateral' },
  ],
  policy: {},
  ...overrides,
});

export const reportingLines = (directSuperiorId: string | null, unitLeaderIds = ['L-audit-head']) => ({
  unitId: 'district-audit-bureau',
  function: 'audit' as const,
  directSuperiorId,
  unitLeaderIds,
});

const rotationMembers = (n: number) =>
  Array.from({ length: n + 1 }, (_, i) => `m${i + 1}`)
    .filter((m) => m !== 'm3')
    .slice(0, n);
const rotationVote = voteWith(rotationMembers);

export const rotation = {
  propose: (extra: Record<string, unknown> = {}) => ({
    type: 'ROTATION_PROPOSED',
    actor: org,
    rotationReason: 'ten_years_in_post',
    proposedPost: rotationPosts.proposed,
    reportingLines: reportingLines('L-audit-head'),
    // Rules edition 3: the facts a promotion's qualification review checks (influence periods, 裸官).
    eligibility: { measures: [], family: { spouse: 'domestic', children: 1, childrenEmigrated: 0 } },
    ...extra,
  }),
  consulted: { type: 'CONSULTATION_CONCLUDED', actor: org, consulted: 6, summary: '两单位党组同意' },
  passes: rotationVote({ shouldAttend: 11, present: 9, for: 6, against: 2, defer: 1 }),
  talk: (noticeDate: string) => ({
    type: 'NOTICE_AND_TALK_HELD',
    actor: org,
    noticeDate,
    summary: '已谈话，本人服从组织安排',
  }),
  withdraw: { type: 'WITHDRAWN', actor: org, reason: '工作需要，暂缓交流' },
};

// ---- demotion (降职、免职与“出”) ----

export const demotionPosts = {
  current: {
    unit: '区财政局',
    title: '局长',
    rank: '正处',
    leadershipTeam: true,
    carriesProbation: false,
  } satisfies Post,
  /** A lower rank: a demotion (降职). */
  lower: {
    unit: '区财政局',
    title: '副局长',
    rank: '副处',
    leadershipTeam: true,
    carriesProbation: false,
  } satisfies Post,
  /** The same rank elsewhere: a reassignment (改任). */
  same: {
    unit: '区政协',
    title: '专门委员会主任',
    rank: '正处',
    leadershipTeam: false,
    carriesProbation: false,
  } satisfies Post,
};

/** One trigger of each kind the start schema takes. */
export const demotionTriggers = {
  evaluation: {
    kind: 'evaluation',
    counts: { total: 100, satisfied: 20, basicallySatisfied: 29, dissatisfied: 51, abstained: 0, invalid: 0 },
  },
  annual_assessment: { kind: 'annual_assessment', year: 2025, grade: 'incompetent' },
  accountability: { kind: 'accountability', incident: '安全生产事故负有领导责任' },
  resignation_for_responsibility: {
    kind: 'resignation_for_responsibility',
    statement: '对事故负有领导责任，申请引咎辞职',
  },
  ordered_resignation: { kind: 'ordered_resignation', basis: '履职不力，造成严重损失' },
  failed_probation: {
    kind: 'failed_probation',
    probationCaseId: 'district-finance/2025-017',
    findings: '试用期满考核不称职',
  },
} satisfies Record<DemotionTrigger['kind'], DemotionTrigger>;

/** Committee member m2 is the cadre's father and must recuse. */
export const demotionStart = (overrides: Partial<DemotionStart> = {}): DemotionStart => ({
  department: 'district-finance',
  caseId: uniqueCaseId('dem'),
  cadre: { id: 'C-3001', name: '赵强' },
  currentPost: demotionPosts.current,
  relatives: [{ id: 'm2', relation: 'lineal' }],
  nominatedBy: ['leader-wang'],
  trigger: demotionTriggers.accountability,
  policy: {},
  ...overrides,
});

const demotionVote = voteWith((n) => Array.from({ length: n }, (_, i) => `m${i + 3}`));

export const demotion = {
  verified: { type: 'TRIGGER_VERIFIED', actor: org, findings: '经核实，情况属实' },
  dismissed: { type: 'TRIGGER_DISMISSED', actor: org, findings: '经核实，反映情况不属实' },
  talk: (extra: Record<string, unknown> = {}) => ({
    type: 'TALK_HELD',
    actor: org,
    summary: '已与本人谈话，听取意见',
    ...extra,
  }),
  propose: (outcome: string, extra: Record<string, unknown> = {}) => ({
    type: 'OUTCOME_PROPOSED',
    actor: org,
    outcome,
    exitSupport: { keepsRank: false, placement: '安排到区政协工作' },
    ...extra,
  }),
  passes: demotionVote({ shouldAttend: 11, present: 9, for: 6, against: 2, defer: 1 }),
  /** Five of nine present: below the two-thirds quorum, whatever the ballots say. */
  belowQuorum: demotionVote({ shouldAttend: 9, present: 5, for: 5, against: 0, defer: 0 }),
  withdraw: { type: 'WITHDRAWN', actor: org, reason: '另案处理' },
  // 复核 and 申诉 (rules edition 4), filed by the cadre's department on the cadre's behalf.
  reviewRequested: { type: 'REVIEW_REQUESTED', actor: dept, grounds: '本人认为事故系客观原因所致，处理过重' },
  reviewDecided: (ruling: 'maintained' | 'revoked' | 'changed', extra: Record<string, unknown> = {}) => ({
    type: 'REVIEW_DECIDED',
    actor: org,
    ruling,
    reasons: ruling === 'maintained' ? '经复核，原处理决定事实清楚、依据充分' : '经复核，原认定事实有误',
    ...(ruling === 'changed' ? { change: '改为诫勉，另行办理' } : {}),
    ...extra,
  }),
  appealFiled: {
    type: 'APPEAL_FILED',
    actor: dept,
    grounds: '对复核结果不服',
    organ: '区委组织部（同级公务员主管部门）',
  },
  appealExtended: (days = 30) => ({
    type: 'APPEAL_EXTENDED',
    actor: org,
    days,
    grounds: '案情复杂，需补充调查',
  }),
  appealDecided: (ruling: 'maintained' | 'revoked' | 'changed', extra: Record<string, unknown> = {}) => ({
    type: 'APPEAL_DECIDED',
    actor: org,
    ruling,
    reasons: ruling === 'maintained' ? '经审查，维持原处理决定' : '经审查，原处理决定依据不足',
    ...(ruling === 'changed' ? { change: '改为调整职务，另行办理' } : {}),
    ...extra,
  }),
};
