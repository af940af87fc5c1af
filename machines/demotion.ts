import { and, assign, not, or, setup } from 'xstate';
import type { Cadre, Post } from '../domain/case';
import { chinaDateOf } from '../domain/dates';
import type { Relative } from '../domain/facts/avoidance';
import type { MeasureKind } from '../domain/facts/influence';
import { mergePolicy, type Policy, type PolicyOverrides } from '../domain/policy';
import { type Rank, rankFromLabel, rankIndex } from '../domain/ranks';
import { LATEST_RULES_EDITION, type RulesEdition } from '../domain/rules-edition';
import {
  type DemotionEvent,
  type DemotionOutcomeKind,
  type DemotionTrigger,
  outcomeProposedEventSchema,
  type RemovalGrounds,
  talkHeldEventSchema,
  triggerDismissedEventSchema,
  triggerVerifiedEventSchema,
} from '../domain/tracks/demotion';
import { effectActions } from './effects';
import {
  committeeVoteOn,
  recordVote,
  type VoteRecord,
  type VoteSubject,
  voteGuards,
} from './fragments/committee-vote';
import { type EditionSlice, editionGuards } from './fragments/editions';
import { ending, notApprovedEnding, withdrawnEnding } from './fragments/endings';
import { evaluationOf } from './fragments/evaluation';
import { type AnyStamped, eventOf, type MachineEvent } from './fragments/events';
import {
  openRecoursePeriod,
  type RecourseRecord,
  recordAppeal,
  recordAppealDecision,
  recordExtension,
  recordOverdueWarning,
  recordReviewDecision,
  recordReviewRequest,
  recourseGuards,
  recourseStates,
} from './fragments/recourse';
import { senderGuard, withSenders } from './fragments/senders';
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
 *
 * From the fourth rules edition a 降职 or 免职 does not close the case as it takes effect: the case stays
 * open for the cadre's 复核 and 申诉 (fragments/recourse.ts, 《公务员法》(2018) arts. 95–96) while the decision
 * is carried out; it ends when the period passes unused, when the recourse is maintained, or reversed —
 * the former post restored and the influence period lifted. 改任 and 辞职 are not personnel decisions the
 * law opens to 复核 (art. 95 lists 降职 and 免职), so they close as before.
 */

export interface DemotionInput {
  /** The rules edition the case runs under; the newest when absent (domain/rules-edition.ts). */
  rulesEdition?: RulesEdition;
  department: string;
  caseId: string;
  cadre: Cadre;
  currentPost: Post;
  relatives: Relative[];
  nominatedBy: string[];
  trigger: DemotionTrigger;
  policy: PolicyOverrides;
}

export type DemotionOutcome =
  | DemotionOutcomeKind
  | 'not_substantiated'
  | 'not_approved'
  | 'withdrawn'
  /** Revoked or changed on 复核 or 申诉 (fourth edition). */
  | 'reversed';

type Who = { at: string; by: Stamped['actor'] };

export interface InfluenceRecord {
  /** In the shape qualification review takes (machines/rules/influence-period.ts, `measures`). */
  measure: { kind: MeasureKind; effectiveDate: string; rankAtMeasure: Rank };
  periods: InfluencePeriod[];
  /** The decision was reversed on 复核 or 申诉 (fourth edition): the periods bar nothing from this date. */
  liftedOn?: string;
}

export interface DemotionContext
  extends Omit<DemotionInput, 'policy' | 'rulesEdition'>,
    EditionSlice,
    WithdrawalSlice {
  policy: Policy;
  deadlines: Deadlines;
  verification?: { findings: string; substantiated: boolean } & Who;
  talk?: { summary: string; defence?: string; response?: 'accepts' | 'refuses' } & Who;
  proposal?: {
    outcome: DemotionOutcomeKind;
    newPost?: Post;
    removalGrounds?: RemovalGrounds;
    exitSupport: { keepsRank: boolean; placement?: string };
    defenceResponse?: string;
  } & Who;
  voteSubjects: VoteSubject[];
  vote?: VoteRecord;
  decidedAt?: string;
  influence?: InfluenceRecord;
  reports: Report[];
  outcome?: DemotionOutcome;
  /** 复核 and 申诉 after the decision took effect (fourth edition). */
  recourse?: RecourseRecord;
}

/** Events raised by the workflow's own timers (fourth edition); never accepted from a caller. */
type DemotionTimerEvent = {
  type: 'RECOURSE_PERIOD_ENDED' | 'REVIEW_DECISION_OVERDUE' | 'APPEAL_DECISION_OVERDUE';
};

/** The caller events as domain/ parses them, and the timers', stamped by the host. */
export type DemotionMachineEvent = MachineEvent<DemotionEvent | DemotionTimerEvent>;

type Args = { context: DemotionContext; event: AnyStamped };

/** Optional free text counts as stated only when it is not blank (a defence, the answer to one). */
const stated = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** Does the trigger call for action? Only the evaluation trigger carries figures the rule can check. */
function triggerCallsForAction(context: DemotionContext): boolean {
  const t = context.trigger;
  if (t.kind === 'evaluation') return evaluationOf(context.policy, t.counts)?.consequence === 'adjustment';
  if (t.kind === 'annual_assessment') return t.grade === 'incompetent';
  return true;
}

function allowedOutcomes(trigger: DemotionTrigger, response?: 'accepts' | 'refuses'): DemotionOutcomeKind[] {
  switch (trigger.kind) {
    case 'resignation_for_responsibility':
      return ['resignation'];
    case 'ordered_resignation':
      return response === 'accepts' ? ['resignation'] : response === 'refuses' ? ['removal'] : [];
    default:
      return ['demotion', 'removal', 'reassignment'];
  }
}

/**
 * The influence period a removal starts follows its grounds (DOMAIN.md "Corrections and additions": the
 * table in machines/rules/influence-period.ts). Undefined: the grounds start none (age, illness, study
 * leave, work needs, resignation are no measure against the cadre). Violation of discipline or law is
 * treated as 免职 by organizational handling, the accountability row (DOMAIN.md is silent; the sanction
 * itself brings its own period when it is filed).
 */
const REMOVAL_MEASURE: Record<RemovalGrounds, MeasureKind | undefined> = {
  accountability: 'removal',
  violation: 'removal',
  unsuited: 'unsuited_removal',
  age_limit: undefined,
  long_illness: undefined,
  study_leave: undefined,
  work_needs: undefined,
  resignation: undefined,
};

/** Removal grounds each trigger allows: an evaluation above 50% shows the cadre unsuited; 问责 is accountability. */
function groundsFitTrigger(trigger: DemotionTrigger, grounds: RemovalGrounds): boolean {
  if (trigger.kind === 'evaluation') return grounds === 'unsuited';
  if (trigger.kind === 'accountability') return grounds === 'accountability';
  return true;
}

/** The measure the outcome is, for its influence period; undefined when it starts none. */
function measureKindOf(context: DemotionContext): MeasureKind | undefined {
  const { trigger, proposal } = context;
  if (!proposal) return undefined;
  const { outcome } = proposal;
  if (outcome === 'resignation')
    return trigger.kind === 'ordered_resignation' ? 'ordered_resignation' : 'resignation_for_responsibility';
  // The first edition gave every removal the accountability period.
  if (outcome === 'removal' && context.rulesEdition >= 2 && proposal.removalGrounds)
    return REMOVAL_MEASURE[proposal.removalGrounds];
  return outcome;
}

/**
 * Annual assessment 不称职 → 降职 by exactly one level (《条例》: "应当降职使用"; DOMAIN.md "Corrections and
 * additions"): removal, reassignment or a fall of more than one step on the ladder is refused for it.
 */
function oneLevelForIncompetence({ context, event }: Args): boolean {
  const e = proposalOf(event);
  if (!e) return false;
  if (context.trigger.kind !== 'annual_assessment') return true;
  const from = rankFromLabel(context.currentPost.rank);
  const to = e.newPost && rankFromLabel(e.newPost.rank);
  return (
    e.outcome === 'demotion' &&
    from !== undefined &&
    to !== undefined &&
    rankIndex(to) === rankIndex(from) - 1
  );
}

/** A removal names its grounds, fitting the trigger; any other outcome names none. */
function removalGroundsStated({ context, event }: Args): boolean {
  const e = proposalOf(event);
  if (!e) return false;
  if (e.outcome !== 'removal') return e.removalGrounds === undefined;
  return e.removalGrounds !== undefined && groundsFitTrigger(context.trigger, e.removalGrounds);
}

/** The verification's result, either way, with its findings (the schemas refuse blank ones). */
const verificationOf = (event: AnyStamped) =>
  eventOf(event, triggerVerifiedEventSchema) ?? eventOf(event, triggerDismissedEventSchema);

const talkOf = (event: AnyStamped) => eventOf(event, talkHeldEventSchema);

/** An ordered resignation asks the cadre to resign: the talk must record the answer, and only then. */
function talkAcceptable({ context, event }: Args): boolean {
  const e = talkOf(event);
  if (!e) return false;
  return (context.trigger.kind === 'ordered_resignation') === (e.response !== undefined);
}

const proposalOf = (event: AnyStamped) => eventOf(event, outcomeProposedEventSchema);

/** The outcomes the trigger (and, for an ordered resignation, the cadre's answer) allows, once talked to. */
function outcomeAllowed({ context, event }: Args): boolean {
  const e = proposalOf(event);
  return (
    e !== undefined &&
    context.talk !== undefined &&
    allowedOutcomes(context.trigger, context.talk.response).includes(e.outcome)
  );
}

/** A demotion goes to a lower rank; a reassignment to no higher one; both name the new post; others none. */
function newPostFits({ context, event }: Args): boolean {
  const e = proposalOf(event);
  if (!e) return false;
  if (e.outcome !== 'demotion' && e.outcome !== 'reassignment') return e.newPost === undefined;
  const from = rankFromLabel(context.currentPost.rank);
  const to = e.newPost && rankFromLabel(e.newPost.rank);
  if (from === undefined || to === undefined) return false;
  return e.outcome === 'demotion' ? rankIndex(to) < rankIndex(from) : rankIndex(to) <= rankIndex(from);
}

/** A defence (申辩) the cadre stated must be answered in the proposal. */
function defenceAnswered({ context, event }: Args): boolean {
  const e = proposalOf(event);
  return e !== undefined && (!stated(context.talk?.defence) || stated(e.defenceResponse));
}

function influenceOf(context: DemotionContext, decidedAt: string): InfluenceRecord | undefined {
  const rankAtMeasure = rankFromLabel(context.currentPost.rank);
  const kind = measureKindOf(context);
  if (!context.proposal || rankAtMeasure === undefined || kind === undefined) return undefined;
  const measure = {
    kind,
    effectiveDate: chinaDateOf(decidedAt),
    rankAtMeasure,
  };
  return { measure, periods: influencePeriodsOf(measure) };
}

const ID = 'demotion';

/** The outcomes 《公务员法》(2018) art. 95 opens to 复核 and 申诉: 降职 and 免职. */
const OPEN_TO_RECOURSE: readonly DemotionOutcomeKind[] = ['demotion', 'removal'];

/**
 * The reversal as the registry records it: the cadre back in the post held before the decision, and the
 * measure filed with the change lifted. Entered only from a decision that revoked or changed it.
 */
function reversalOf(context: DemotionContext) {
  const { proposal, recourse } = context;
  const reversal = recourse?.reversal;
  if (!proposal || !reversal) throw new Error('a demotion was reversed with no reversal on record');
  return {
    cadreId: context.cadre.id,
    formerPost: context.currentPost,
    reversedOutcome: proposal.outcome,
    since: chinaDateOf(reversal.at),
    by: reversal.on,
    liftsMeasure: context.influence !== undefined,
  };
}

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
      const e = verificationOf(event);
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
    recordTalk: assign(({ event }) => {
      const e = talkOf(event);
      if (!e) return {};
      const { summary, defence, response } = e;
      return {
        talk: {
          summary,
          ...(stated(defence) ? { defence } : {}),
          ...(response ? { response } : {}),
          at: e.at,
          by: e.actor,
        },
      };
    }),
    recordProposal: assign(({ event }) => {
      const e = proposalOf(event);
      if (!e) return {};
      const { outcome, newPost, removalGrounds, exitSupport, defenceResponse } = e;
      return {
        proposal: {
          outcome,
          ...(newPost ? { newPost } : {}),
          ...(removalGrounds ? { removalGrounds } : {}),
          exitSupport,
          ...(stated(defenceResponse) ? { defenceResponse } : {}),
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
    openRecoursePeriod: assign(({ context }) => openRecoursePeriod(context)),
    recordReviewRequest: assign(({ context, event }) => recordReviewRequest(context, event)),
    recordAppeal: assign(({ context, event }) => recordAppeal(context, event)),
    recordReviewDecision: assign(({ context, event }) => recordReviewDecision(context, event)),
    recordAppealDecision: assign(({ context, event }) => recordAppealDecision(context, event)),
    recordExtension: assign(({ context, event }) => recordExtension(context, event)),
    recordReviewOverdue: assign(({ context, event }) => recordOverdueWarning(context, event, 'review')),
    recordAppealOverdue: assign(({ context, event }) => recordOverdueWarning(context, event, 'appeal')),
    liftInfluence: assign(({ context }) => {
      const at = context.recourse?.reversal?.at;
      return context.influence && at
        ? { influence: { ...context.influence, liftedOn: chinaDateOf(at) } }
        : {};
    }),
    recordWithdrawal: assign(({ context, event }) => recordWithdrawal(context, event)),
    settle: assign(({ context }, params: { outcome: DemotionOutcome | 'proposed' }) => ({
      outcome: params.outcome === 'proposed' ? context.proposal?.outcome : params.outcome,
      deadlines: {},
    })),
  },
  guards: {
    ...editionGuards,
    senderPermitted: senderGuard('demotion'),
    withdrawalAcceptable,
    reportAcceptable,
    ...voteGuards,
    ...recourseGuards,
    /** Fourth edition: a 降职 or 免职 stays open for 复核 and 申诉 once in effect. */
    outcomeOpenToRecourse: ({ context }) =>
      context.proposal !== undefined && OPEN_TO_RECOURSE.includes(context.proposal.outcome),
    opensRecourse: and(['rulesOfFourthEdition', 'outcomeOpenToRecourse']),
    findingsStated: ({ event }) => verificationOf(event) !== undefined,
    triggerCallsForAction: ({ context }) => triggerCallsForAction(context),
    talkAcceptable,
    outcomeAllowed,
    newPostFits,
    defenceAnswered,
    oneLevelForIncompetence,
    removalGroundsStated,
    /** Second edition: 不称职 → one level down, and a removal's grounds (DOMAIN.md "Corrections and additions"). */
    outcomeFitsCause: or([
      not('rulesOfSecondReview'),
      and(['oneLevelForIncompetence', 'removalGroundsStated']),
    ]),
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
  initial: 'verification',
  states: withSenders({
    verification: {
      meta: { label: { zh: '核实', en: 'Verifying the trigger' } },
      on: {
        ...openCaseOn(ID),
        TRIGGER_VERIFIED: {
          guard: and(['findingsStated', 'triggerCallsForAction']),
          target: 'talk',
          actions: ['recordVerification'],
        },
        TRIGGER_DISMISSED: {
          guard: 'findingsStated',
          target: 'notSubstantiated',
          actions: ['recordVerification'],
        },
      },
    },
    talk: {
      meta: { label: { zh: '谈话与申辩', en: 'Talk with the cadre; defence' } },
      on: {
        ...openCaseOn(ID),
        TALK_HELD: {
          guard: 'talkAcceptable',
          target: 'proposal',
          actions: ['recordTalk'],
        },
      },
    },
    proposal: {
      meta: { label: { zh: '提出处理意见', en: 'Proposing the outcome' } },
      on: {
        ...openCaseOn(ID),
        OUTCOME_PROPOSED: {
          guard: and(['outcomeAllowed', 'newPostFits', 'defenceAnswered', 'outcomeFitsCause']),
          target: 'committeeVote',
          actions: ['recordProposal'],
        },
      },
    },
    committeeVote: {
      meta: { label: { zh: '常委会票决', en: 'Committee vote' } },
      on: {
        ...openCaseOn(ID),
        VOTE_RECORDED: [
          // Fourth edition: a 降职 or 免职 takes effect and stays open for 复核 and 申诉.
          {
            guard: and(['opensRecourse', 'votePassed']),
            target: 'openToReview',
            actions: ['recordVote', { type: 'notify', params: { kind: 'vote_passed', to: 'department' } }],
          },
          ...committeeVoteOn({ onPassed: 'effective', onFailed: 'notApproved' }).VOTE_RECORDED,
        ],
      },
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
    // ---- fourth edition: 复核 and 申诉 while the decision is carried out ----
    openToReview: {
      ...recourseStates.openToReview,
      // In effect at once, as `effective` is: 复核 and 申诉 do not suspend it (公务员法 art. 96). The
      // outcome is settled only as the case closes (a settled outcome reads as closed to the API and in the
      // CaseOutcome search attribute); until then the proposal says what is in force.
      entry: [
        'recordInfluence',
        'openRecoursePeriod',
        {
          type: 'applyPersonnelChange',
          params: ({ context }) => personnelChangeOf(context),
        },
        { type: 'notify', params: { kind: 'personnel_change_effective', to: 'department' } },
        { type: 'notify', params: { kind: 'recourse_open', to: 'department' } },
      ],
    },
    reviewPending: recourseStates.reviewPending,
    maintainedOnReview: recourseStates.maintainedOnReview,
    appealPending: recourseStates.appealPending,
    recourseEnded: {
      type: 'final',
      meta: {
        label: {
          zh: '决定生效（复核、申诉期已满，公务员法第九十五条）',
          en: 'In effect; the period for 复核 and 申诉 has passed (公务员法 art. 95)',
        },
      },
      entry: [
        { type: 'settle', params: { outcome: 'proposed' } },
        { type: 'notify', params: { kind: 'recourse_period_ended', to: 'department' } },
      ],
    },
    maintainedOnAppeal: {
      type: 'final',
      meta: { label: { zh: '申诉维持原处理决定', en: 'In effect; maintained on 申诉 (appeal)' } },
      entry: [
        { type: 'settle', params: { outcome: 'proposed' } },
        { type: 'notify', params: { kind: 'maintained_on_appeal', to: 'department' } },
      ],
    },
    reversed: {
      type: 'final',
      meta: {
        label: {
          zh: '原处理决定已撤销（复核或申诉），恢复原职务',
          en: 'Reversed on 复核 or 申诉; the former post restored',
        },
      },
      entry: [
        'liftInfluence',
        { type: 'settle', params: { outcome: 'reversed' } },
        { type: 'reversePersonnelChange', params: ({ context }) => reversalOf(context) },
        { type: 'notify', params: { kind: 'reversed', to: 'department' } },
      ],
    },
    notSubstantiated: ending('not_substantiated', {
      zh: '经核实不予处理',
      en: 'Not substantiated: no action',
    }),
    notApproved: notApprovedEnding(),
    withdrawn: withdrawnEnding(),
  }),
});
