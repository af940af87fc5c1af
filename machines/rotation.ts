import { and, assign, not, or, setup } from 'xstate';
import type { Cadre, Post } from '../domain/case';
import { chinaDateOf, hasServedYears } from '../domain/dates';
import type { Relative } from '../domain/facts/avoidance';
import { mergePolicy, type Policy, type PolicyOverrides } from '../domain/policy';
import { isLeadingRank, rankFromLabel } from '../domain/ranks';
import { LATEST_RULES_EDITION, type RulesEdition } from '../domain/rules-edition';
import {
  noticeAndTalkHeldEventSchema,
  type RotationEvent,
  type RotationReason,
  rotationProposedEventSchema,
} from '../domain/tracks/rotation';
import { effectActions } from './effects';
import {
  committeeVoteOn,
  recordVote,
  type VoteRecord,
  type VoteSubject,
  voteGuards,
} from './fragments/committee-vote';
import { type ConsultationSlice, consultationAcceptable, recordConsultation } from './fragments/consultation';
import { type EditionSlice, editionGuards } from './fragments/editions';
import { notApprovedEnding, withdrawnEnding } from './fragments/endings';
import {
  type AnyStamped,
  dayOf,
  eventOf,
  isIsoDateString,
  type MachineEvent,
  type ParsedEvent,
} from './fragments/events';
import type { ReportingLines } from './fragments/qualification-review';
import { senderGuard, withSenders } from './fragments/senders';
import { type Report, recordReport, reportAcceptable } from './fragments/supervision';
import {
  openCaseOn,
  recordWithdrawal,
  type WithdrawalSlice,
  withdrawalAcceptable,
} from './fragments/withdrawal';
import type { Deadlines, Stamped, StateMeta } from './meta';
import { type AvoidanceConflict, avoidanceConflicts } from './rules/avoidance';
import { blockingInfluencePeriods } from './rules/influence-period';
import { isNakedOfficial } from './rules/qualification';

/**
 * Rotation (交流轮岗): motion (with the reason and the proposed post) → consultation → committee vote →
 * notice and talk → transfer. The organization department may withdraw before the transfer. Reports are
 * recorded but do not hold a rotation (DOMAIN.md holds cases only in publicity and probation).
 */

/**
 * Ten years in the same post makes rotation mandatory (DOMAIN.md; 《条例》 art. 53). A national figure, not a
 * district setting, so it is not in the policy; it belongs with machines/rules when the rules next change.
 */
const MANDATORY_ROTATION_YEARS = 10;

export interface RotationInput {
  /** The rules edition the case runs under; the newest when absent (domain/rules-edition.ts). */
  rulesEdition?: RulesEdition;
  department: string;
  caseId: string;
  cadre: Cadre;
  currentPost: Post;
  inPostSince: string;
  relatives: Relative[];
  policy: PolicyOverrides;
}

export type RotationOutcome = 'transferred' | 'not_approved' | 'withdrawn';

type Who = { at: string; by: Stamped['actor'] };

export interface RotationContext
  extends Omit<RotationInput, 'policy' | 'rulesEdition'>,
    EditionSlice,
    ConsultationSlice,
    WithdrawalSlice {
  policy: Policy;
  deadlines: Deadlines;
  proposal?: {
    rotationReason: RotationReason;
    proposedPost: Post;
    reportingLines: ReportingLines;
    /** For the avoidance reason: the conflicts the current post has, which the move resolves. */
    currentConflicts: AvoidanceConflict[];
  } & Who;
  voteSubjects: VoteSubject[];
  vote?: VoteRecord;
  decidedAt?: string;
  talk?: { noticeDate: string; summary: string } & Who;
  reports: Report[];
  outcome?: RotationOutcome;
}

/** The caller events as domain/ parses them, stamped by the host. */
export type RotationMachineEvent = MachineEvent<RotationEvent>;

type Args = { context: RotationContext; event: AnyStamped };

/** A lateral move: the same rank (compared on the ladder when both are on it, else as written), another post. */
function isLateral(from: Post, to: Post): boolean {
  const [a, b] = [rankFromLabel(from.rank), rankFromLabel(to.rank)];
  const sameRank = a !== undefined && b !== undefined ? a === b : from.rank.trim() === to.rank.trim();
  return sameRank && (from.unit !== to.unit || from.title !== to.title);
}

/** The reason must be borne out by the facts; development (培养锻炼) is the organization's judgement. */
function reasonBorneOut(
  context: RotationContext,
  e: ParsedEvent<typeof rotationProposedEventSchema>,
): AvoidanceConflict[] | undefined {
  switch (e.rotationReason) {
    case 'ten_years_in_post':
      return isIsoDateString(context.inPostSince) &&
        hasServedYears(context.inPostSince, dayOf(e), MANDATORY_ROTATION_YEARS)
        ? []
        : undefined;
    case 'avoidance': {
      if (!e.currentReportingLines) return undefined;
      const current = avoidanceConflicts(
        { cadreId: context.cadre.id, post: e.currentReportingLines, relatives: context.relatives },
        { reverseLine: context.rulesEdition >= 3 },
      );
      return current.ok && current.value.length > 0 ? current.value : undefined;
    }
    case 'development':
      return [];
    default:
      return undefined;
  }
}

const proposed = (event: AnyStamped) => eventOf(event, rotationProposedEventSchema);

/** The proposal's rules, each a named guard that `proposalAcceptable` composes. */
const proposalRules = {
  lateralMove: ({ context, event }: Args) => {
    const e = proposed(event);
    return e !== undefined && isLateral(context.currentPost, e.proposedPost);
  },
  reasonBorneOut: ({ context, event }: Args) => {
    const e = proposed(event);
    return e !== undefined && reasonBorneOut(context, e) !== undefined;
  },
  /**
   * Rules edition 3 (DOMAIN.md "Corrections and additions": "Rotation checks influence periods and 裸官
   * status too"): the move states the facts a promotion's qualification review checks, and is refused
   * while an influence period bars the new post, or for a 裸官 — with promotion's own rules.
   */
  rotationEligibilityStated: ({ event }: Args) => proposed(event)?.eligibility !== undefined,
  noInfluencePeriodBarsTheMove: ({ context, event }: Args) => {
    const e = proposed(event);
    const from = rankFromLabel(context.currentPost.rank);
    const to = e && rankFromLabel(e.proposedPost.rank);
    if (!e?.eligibility || from === undefined || to === undefined) return false;
    const blocks = blockingInfluencePeriods({
      measures: e.eligibility.measures,
      appointment: { date: dayOf(e), leadingPost: isLeadingRank(to), currentRank: from, targetRank: to },
    });
    return blocks.ok && blocks.value.length === 0;
  },
  notNakedOfficial: ({ event }: Args) => {
    const family = proposed(event)?.eligibility?.family;
    return family !== undefined && !isNakedOfficial(family);
  },
  // Avoidance (回避) applies to every move: one that would create a line to a relative is refused.
  createsNoLineToRelative: ({ context, event }: Args) => {
    const e = proposed(event);
    const conflicts =
      e &&
      avoidanceConflicts(
        { cadreId: context.cadre.id, post: e.reportingLines, relatives: context.relatives },
        { reverseLine: context.rulesEdition >= 3 },
      );
    return conflicts?.ok === true && conflicts.value.length === 0;
  },
};

/** The notice is dated between the committee's decision and today; who holds the talk is the transition's. */
function noticeAndTalkOf({ context, event }: Args) {
  const e = eventOf(event, noticeAndTalkHeldEventSchema);
  if (!e || !context.decidedAt) return undefined;
  return e.noticeDate >= chinaDateOf(context.decidedAt) && e.noticeDate <= dayOf(e) ? e : undefined;
}

const ID = 'rotation';

/**
 * The move as the registry records it, in the state entered only through a passed vote on a proposal and
 * a recorded notice and talk: their absence is a bug, and must not move the cadre to a made-up post.
 */
function transferOnFile(context: RotationContext) {
  if (!context.proposal || !context.talk)
    throw new Error('transfer entered with no proposal or notice on record');
  return { cadreId: context.cadre.id, post: context.proposal.proposedPost, since: context.talk.noticeDate };
}

export const rotationMachine = setup({
  types: {
    input: {} as RotationInput,
    context: {} as RotationContext,
    events: {} as RotationMachineEvent,
    meta: {} as StateMeta,
  },
  actions: {
    ...effectActions,
    recordProposal: assign(({ context, event }) => {
      const e = proposed(event);
      const currentConflicts = e && reasonBorneOut(context, e);
      if (!e || !currentConflicts) return {};
      const { rotationReason, proposedPost, reportingLines, at, actor } = e;
      const proposal = { rotationReason, proposedPost, reportingLines, currentConflicts };
      return { proposal: { ...proposal, at, by: actor } };
    }),
    recordConsultation: assign(({ context, event }) => recordConsultation(context, event)),
    recordVote: assign(({ context, event }) => recordVote(context, event)),
    recordNoticeAndTalk: assign(({ context, event }) => {
      const e = noticeAndTalkOf({ context, event });
      return e ? { talk: { noticeDate: e.noticeDate, summary: e.summary, at: e.at, by: e.actor } } : {};
    }),
    recordReport: assign(({ context, event }) => recordReport(context, event)),
    recordWithdrawal: assign(({ context, event }) => recordWithdrawal(context, event)),
    settle: assign((_, params: { outcome: RotationOutcome }) => ({ outcome: params.outcome, deadlines: {} })),
  },
  guards: {
    ...editionGuards,
    senderPermitted: senderGuard('rotation'),
    withdrawalAcceptable,
    reportAcceptable,
    ...voteGuards,
    consultationAcceptable,
    ...proposalRules,
    /**
     * A named composition, not one at the transition, so the refusal the host reports keeps the name
     * `proposalAcceptable` while the rules stay apart: the organization department's, a lateral move, for
     * a reason the facts bear out, and no new line to a relative.
     */
    proposalAcceptable: and([
      'lateralMove',
      'reasonBorneOut',
      'createsNoLineToRelative',
      or([
        not('rulesOfThirdEdition'),
        and(['rotationEligibilityStated', 'noInfluencePeriodBarsTheMove', 'notNakedOfficial']),
      ]),
    ]),
    noticeAndTalkAcceptable: (args) => noticeAndTalkOf(args) !== undefined,
  },
}).createMachine({
  id: ID,
  context: ({ input }) => ({
    ...input,
    rulesEdition: input.rulesEdition ?? LATEST_RULES_EDITION,
    policy: mergePolicy(input.policy),
    deadlines: {},
    voteSubjects: [{ id: input.cadre.id, relatives: input.relatives }],
    reports: [],
  }),
  initial: 'motion',
  states: withSenders({
    motion: {
      meta: { label: { zh: '动议（交流轮岗）', en: 'Motion: the proposed move' } },
      on: {
        ...openCaseOn(ID),
        ROTATION_PROPOSED: {
          guard: 'proposalAcceptable',
          target: 'consultation',
          actions: ['recordProposal'],
        },
      },
    },
    consultation: {
      meta: { label: { zh: '征求意见', en: 'Consultation' } },
      on: {
        ...openCaseOn(ID),
        CONSULTATION_CONCLUDED: {
          guard: 'consultationAcceptable',
          target: 'committeeVote',
          actions: ['recordConsultation'],
        },
      },
    },
    committeeVote: {
      meta: { label: { zh: '常委会票决', en: 'Committee vote' } },
      on: { ...openCaseOn(ID), ...committeeVoteOn({ onPassed: 'noticeAndTalk', onFailed: 'notApproved' }) },
    },
    noticeAndTalk: {
      meta: { label: { zh: '通知与谈话', en: 'Notice and talk' } },
      on: {
        ...openCaseOn(ID),
        NOTICE_AND_TALK_HELD: {
          guard: 'noticeAndTalkAcceptable',
          target: 'transferred',
          actions: ['recordNoticeAndTalk'],
        },
      },
    },
    transferred: {
      type: 'final',
      meta: { label: { zh: '已交流到位', en: 'Transferred' } },
      entry: [
        { type: 'settle', params: { outcome: 'transferred' } },
        { type: 'transferPost', params: ({ context }) => transferOnFile(context) },
        { type: 'notify', params: { kind: 'transferred', to: 'department' } },
      ],
    },
    notApproved: notApprovedEnding(),
    withdrawn: withdrawnEnding(),
  }),
});
