import { assign, setup } from 'xstate';
import type { Cadre, Post } from '../domain/case';
import { postSchema } from '../domain/case';
import { chinaDateOf } from '../domain/dates';
import type { Relative } from '../domain/facts/avoidance';
import type { MeasureKind } from '../domain/facts/influence';
import { mergePolicy, type Policy, type PolicyOverrides } from '../domain/policy';
import { type Rank, rankFromLabel, rankIndex } from '../domain/ranks';
import type { DemotionEvent, DemotionOutcomeKind, DemotionTrigger } from '../domain/tracks/demotion';
import { effectActions } from './effects';
import { byOrganizationDepartment } from './fragments/actors';
import {
  committeeVoteOn,
  recordVote,
  type VoteRecord,
  type VoteSubject,
  voteGuards,
} from './fragments/committee-vote';
import { ending, notApprovedEnding, withdrawnEnding } from './fragments/endings';
import { evaluationOf } from './fragments/evaluation';
import { type AnyStamped, eventOf } from './fragments/events';
import { type Report, recordReport, reportAcceptable } from './fragments/supervision';
import {
  openCaseOn,
  recordWithdrawal,
  type WithdrawalSlice,
  withdrawalAcceptable,
} from './fragments/withdrawal';
import type { Deadlines, Stamped, StateMeta } from './meta';
import { type InfluencePeriod, influencePeriodsOf } from './rules/influence-period';

/**
 * Demotion and exit (降职、免职与“出”): trigger → verification (核实) → talk with the cadre, who may state a
 * defence (申辩) → the organization department's proposal → committee vote → effective. The outcome —
 * demotion (降职), removal (免职), reassignment (改任) or resignation (辞职) — is recorded with any exit
 * support (kept rank, placement), and starts an influence period (影响期, influencePeriodsOf) kept in the
 * context and handed to the registry, so that later qualification reviews see it.
 *
 * Which outcomes a trigger allows: resignation taking responsibility (引咎辞职) is a resignation; an ordered
 * resignation (责令辞职) is a resignation if the cadre accepts and removal if they refuse; every other
 * trigger leads to demotion, removal or reassignment. The organization department may withdraw the case
 * before it takes effect (DOMAIN.md is silent; a case must always have a way to end).
 */

export interface DemotionInput {
  department: string;
  caseId: string;
  cadre: Cadre;
  currentPost: Post;
  relatives: Relative[];
  nominatedBy: string[];
  trigger: DemotionTrigger;
  policy: PolicyOverrides;
}

export type DemotionOutcome = DemotionOutcomeKind | 'not_substantiated' | 'not_approved' | 'withdrawn';

type Who = { at: string; by: Stamped['actor'] };

export interface InfluenceRecord {
  /** In the shape qualification review takes (machines/rules/influence-period.ts, `measures`). */
  measure: { kind: MeasureKind; effectiveDate: string; rankAtMeasure: Rank };
  periods: InfluencePeriod[];
}

export interface DemotionContext extends Omit<DemotionInput, 'policy'>, WithdrawalSlice {
  policy: Policy;
  deadlines: Deadlines;
  verification?: { findings: string; substantiated: boolean } & Who;
  talk?: { summary: string; defence?: string; response?: 'accepts' | 'refuses' } & Who;
  proposal?: {
    outcome: DemotionOutcomeKind;
    newPost?: Post;
    exitSupport: { keepsRank: boolean; placement?: string };
    defenceResponse?: string;
  } & Who;
  voteSubjects: VoteSubject[];
  vote?: VoteRecord;
  decidedAt?: string;
  influence?: InfluenceRecord;
  reports: Report[];
  outcome?: DemotionOutcome;
}

export type DemotionMachineEvent = DemotionEvent & Stamped;

type Args = { context: DemotionContext; event: AnyStamped };
type Verified = Extract<DemotionEvent, { type: 'TRIGGER_VERIFIED' | 'TRIGGER_DISMISSED' }>;
type Talk = Extract<DemotionEvent, { type: 'TALK_HELD' }>;
type Proposal = Extract<DemotionEvent, { type: 'OUTCOME_PROPOSED' }>;

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Does the trigger call for action? Only the evaluation trigger carries figures the rule can check. */
function triggerCallsForAction(context: DemotionContext): boolean {
  const t = context.trigger;
  if (t.kind === 'evaluation') return evaluationOf(context.policy, t.counts)?.consequence === 'adjustment';
  if (t.kind === 'annual_assessment') return t.grade === 'incompetent';
  return true;
}

export function allowedOutcomes(
  trigger: DemotionTrigger,
  response?: 'accepts' | 'refuses',
): DemotionOutcomeKind[] {
  switch (trigger.kind) {
    case 'resignation_for_responsibility':
      return ['resignation'];
    case 'ordered_resignation':
      return response === 'accepts' ? ['resignation'] : response === 'refuses' ? ['removal'] : [];
    default:
      return ['demotion', 'removal', 'reassignment'];
  }
}

/** The measure the outcome is, for its influence period. */
export function measureKindOf(trigger: DemotionTrigger, outcome: DemotionOutcomeKind): MeasureKind {
  if (outcome === 'resignation')
    return trigger.kind === 'ordered_resignation' ? 'ordered_resignation' : 'resignation_for_responsibility';
  return outcome;
}

const verificationOf = (event: AnyStamped, type: Verified['type']) => {
  const e = eventOf<Verified>(event, type);
  return e && byOrganizationDepartment({ event }) && nonEmpty(e.findings) ? e : undefined;
};

function talkOf({ context, event }: Args) {
  const e = eventOf<Talk>(event, 'TALK_HELD');
  if (!e || !byOrganizationDepartment({ event }) || !nonEmpty(e.summary)) return undefined;
  // An ordered resignation asks the cadre to resign: the talk must record the answer, and only then.
  const ordered = context.trigger.kind === 'ordered_resignation';
  const answered = e.response === 'accepts' || e.response === 'refuses';
  return ordered === answered ? e : undefined;
}

/** A demotion goes to a lower rank; a reassignment to no higher one; both name the new post. */
function newPostFits(context: DemotionContext, outcome: DemotionOutcomeKind, newPost: unknown): boolean {
  if (outcome !== 'demotion' && outcome !== 'reassignment') return newPost === undefined;
  const parsed = postSchema.safeParse(newPost);
  const from = rankFromLabel(context.currentPost.rank);
  const to = parsed.success ? rankFromLabel(parsed.data.rank) : undefined;
  if (from === undefined || to === undefined) return false;
  return outcome === 'demotion' ? rankIndex(to) < rankIndex(from) : rankIndex(to) <= rankIndex(from);
}

function proposalOf({ context, event }: Args) {
  const e = eventOf<Proposal>(event, 'OUTCOME_PROPOSED');
  if (!e || !byOrganizationDepartment({ event }) || !context.talk) return undefined;
  if (!allowedOutcomes(context.trigger, context.talk.response).includes(e.outcome)) return undefined;
  if (!newPostFits(context, e.outcome, e.newPost)) return undefined;
  if (typeof e.exitSupport?.keepsRank !== 'boolean') return undefined;
  // A defence (申辩) the cadre stated must be answered in the proposal.
  if (nonEmpty(context.talk.defence) && !nonEmpty(e.defenceResponse)) return undefined;
  return e;
}

function influenceOf(context: DemotionContext, decidedAt: string): InfluenceRecord | undefined {
  const rankAtMeasure = rankFromLabel(context.currentPost.rank);
  if (!context.proposal || rankAtMeasure === undefined) return undefined;
  const measure = {
    kind: measureKindOf(context.trigger, context.proposal.outcome),
    effectiveDate: chinaDateOf(decidedAt),
    rankAtMeasure,
  };
  return { measure, periods: influencePeriodsOf(measure) };
}

const ID = 'demotion';

/**
 * The change as the registry records it: the new post from the committee's decision, and the measure
 * whose influence period later reviews must see. Entered only after a passed vote on a proposal.
 */
function personnelChangeOf(context: DemotionContext) {
  const { proposal, decidedAt } = context;
  if (!proposal || !decidedAt) throw new Error('a demotion took effect with no decided proposal on record');
  return {
    cadreId: context.cadre.id,
    outcome: proposal.outcome,
    ...(proposal.newPost ? { newPost: proposal.newPost } : {}),
    since: chinaDateOf(decidedAt),
    exitSupport: proposal.exitSupport,
    ...(context.influence ? { measure: context.influence.measure } : {}),
  };
}

export const demotionMachine = setup({
  types: {
    input: {} as DemotionInput,
    context: {} as DemotionContext,
    events: {} as DemotionMachineEvent,
    meta: {} as StateMeta,
  },
  actions: {
    ...effectActions,
    recordVerification: assign(({ event }) => {
      const e = verificationOf(event, 'TRIGGER_VERIFIED') ?? verificationOf(event, 'TRIGGER_DISMISSED');
      if (!e) return {};
      return {
        verification: {
          findings: e.findings,
          substantiated: e.type === 'TRIGGER_VERIFIED',
          at: e.at,
          by: e.actor,
        },
      };
    }),
    recordTalk: assign(({ context, event }) => {
      const e = talkOf({ context, event });
      if (!e) return {};
      const { summary, defence, response } = e;
      return {
        talk: {
          summary,
          ...(nonEmpty(defence) ? { defence } : {}),
          ...(response ? { response } : {}),
          at: e.at,
          by: e.actor,
        },
      };
    }),
    recordProposal: assign(({ context, event }) => {
      const e = proposalOf({ context, event });
      if (!e) return {};
      const { outcome, newPost, exitSupport, defenceResponse } = e;
      return {
        proposal: {
          outcome,
          ...(newPost ? { newPost: postSchema.parse(newPost) } : {}),
          exitSupport,
          ...(nonEmpty(defenceResponse) ? { defenceResponse } : {}),
          at: e.at,
          by: e.actor,
        },
      };
    }),
    recordVote: assign(({ context, event }) => recordVote(context, event)),
    recordInfluence: assign(({ context }) => {
      const influence = context.decidedAt ? influenceOf(context, context.decidedAt) : undefined;
      return influence ? { influence } : {};
    }),
    recordReport: assign(({ context, event }) => recordReport(context, event)),
    recordWithdrawal: assign(({ context, event }) => recordWithdrawal(context, event)),
    settle: assign(({ context }, params: { outcome: DemotionOutcome | 'proposed' }) => ({
      outcome: params.outcome === 'proposed' ? context.proposal?.outcome : params.outcome,
      deadlines: {},
    })),
  },
  guards: {
    withdrawalAcceptable,
    reportAcceptable,
    ...voteGuards,
    triggerVerified: ({ context, event }) =>
      verificationOf(event, 'TRIGGER_VERIFIED') !== undefined && triggerCallsForAction(context),
    triggerDismissed: ({ event }) => verificationOf(event, 'TRIGGER_DISMISSED') !== undefined,
    talkAcceptable: (args) => talkOf(args) !== undefined,
    proposalAcceptable: (args) => proposalOf(args) !== undefined,
  },
}).createMachine({
  id: ID,
  context: ({ input }) => ({
    ...input,
    policy: mergePolicy(input.policy),
    deadlines: {},
    voteSubjects: [{ id: input.cadre.id, relatives: input.relatives }],
    reports: [],
  }),
  initial: 'verification',
  states: {
    verification: {
      meta: { label: { zh: '核实', en: 'Verifying the trigger' } },
      on: {
        ...openCaseOn(ID),
        TRIGGER_VERIFIED: { guard: 'triggerVerified', target: 'talk', actions: ['recordVerification'] },
        TRIGGER_DISMISSED: {
          guard: 'triggerDismissed',
          target: 'notSubstantiated',
          actions: ['recordVerification'],
        },
      },
    },
    talk: {
      meta: { label: { zh: '谈话与申辩', en: 'Talk with the cadre; defence' } },
      on: {
        ...openCaseOn(ID),
        TALK_HELD: { guard: 'talkAcceptable', target: 'proposal', actions: ['recordTalk'] },
      },
    },
    proposal: {
      meta: { label: { zh: '提出处理意见', en: 'Proposing the outcome' } },
      on: {
        ...openCaseOn(ID),
        OUTCOME_PROPOSED: {
          guard: 'proposalAcceptable',
          target: 'committeeVote',
          actions: ['recordProposal'],
        },
      },
    },
    committeeVote: {
      meta: { label: { zh: '常委会票决', en: 'Committee vote' } },
      on: { ...openCaseOn(ID), ...committeeVoteOn({ onPassed: 'effective', onFailed: 'notApproved' }) },
    },
    effective: {
      type: 'final',
      meta: { label: { zh: '决定生效', en: 'In effect' } },
      entry: [
        'recordInfluence',
        { type: 'settle', params: { outcome: 'proposed' } },
        {
          type: 'applyPersonnelChange',
          params: ({ context }) => personnelChangeOf(context),
        },
        { type: 'notify', params: { kind: 'personnel_change_effective', to: 'department' } },
      ],
    },
    notSubstantiated: ending('not_substantiated', {
      zh: '经核实不予处理',
      en: 'Not substantiated: no action',
    }),
    notApproved: notApprovedEnding(),
    withdrawn: withdrawnEnding(),
  },
});
