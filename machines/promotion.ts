import { and, assign, not, or, setup } from 'xstate';
import type { Post } from '../domain/case';
import { chinaDateOf, compareDates } from '../domain/dates';
import type { PostRequirements } from '../domain/facts/qualification';
import type { YearSchedule } from '../domain/holiday-schedule';
import { mergePolicy, type Policy, type PolicyOverrides } from '../domain/policy';
import { rankFromLabel, rankIndex } from '../domain/ranks';
import { LATEST_RULES_EDITION, type RulesEdition } from '../domain/rules-edition';
import {
  appointmentIssuedEventSchema,
  appointmentTalkHeldEventSchema,
  motionAdoptedEventSchema,
  noCandidateEndedEventSchema,
  type PromotionEvent,
  returnedToNominationEventSchema,
} from '../domain/tracks/promotion';
import { effectActions } from './effects';
import { type Candidate, candidateById, nominatorsOf, withStatus } from './fragments/candidates';
import {
  committeeVoteOn,
  recordVote,
  type VoteRecord,
  type VoteSubject,
  voteGuards,
} from './fragments/committee-vote';
import { type ConsultationSlice, consultationAcceptable, recordConsultation } from './fragments/consultation';
import { type EditionSlice, editionGuards } from './fragments/editions';
import { ending, notApprovedEnding, withdrawnEnding } from './fragments/endings';
import { evaluationGuards, evaluationOn, holdsLeadingPost } from './fragments/evaluation';
import { type AnyStamped, dayOf, eventOf, type MachineEvent } from './fragments/events';
import {
  closeInspectionNotice,
  finalistsPresentationAcceptable,
  type InspectionSlice,
  inspectionChoiceAcceptable,
  inspectionConclusionAcceptable,
  inspectionNoticeAcceptable,
  inspectionNoticeTimer,
  inspectionReportAcceptable,
  inspectionTeamRecused,
  mayEvaluate,
  recordCandidateEvaluation,
  recordFinalistsPresentation,
  recordInspectionChoice,
  recordInspectionConclusion,
  recordInspectionNotice,
  recordInspectionReport,
} from './fragments/inspection';
import { nominationAcceptable, recordNomination } from './fragments/nomination';
import {
  barredByLaterMeasures,
  type Deliberation,
  dropReportedCandidate,
  preVoteGuards,
  recordBriefing,
  recordDeliberation,
  recordLaterMeasure,
  recordPreVoteCheck,
} from './fragments/pre-vote';
import {
  applyCalendarUpdate,
  closePublicity,
  type PublicityRecord,
  publicityGuards,
  publicityState,
  recordCalendarUpdate,
  startPublicity,
  waivePublicity,
} from './fragments/publicity';
import {
  POSTS_PER_CASE,
  qualificationReviewAcceptable,
  qualificationReviewComplete,
  type ReportingLines,
  recordQualificationReview,
} from './fragments/qualification-review';
import {
  type RecommendationRecord,
  recommendationGuards,
  recordRecommendation,
} from './fragments/recommendation';
import { senderGuard, withSenders } from './fragments/senders';
import {
  noPendingReports,
  type Report,
  recordHoldingReport,
  recordReport,
  reportRecordedOn,
  resolveReport,
  supervisionGuards,
} from './fragments/supervision';
import {
  openCaseOn,
  recordWithdrawal,
  type WithdrawalSlice,
  withdrawalAcceptable,
} from './fragments/withdrawal';
import type { Deadlines, Stamped, StateMeta } from './meta';

/**
 * Promotion (提拔任职): motion → nomination → qualification review → democratic recommendation → choosing
 * whom to inspect → inspection notice → inspection → (consultation for important posts) → (open selection:
 * the finalists appear) → committee vote → pre-appointment publicity → appointment, which for a post with
 * probation starts the probation track when it is a promotion. The organization department may withdraw the case at any step
 * before appointment; a report during publicity holds it (fragments/publicity.ts, fragments/supervision.ts).
 *
 * Appointment is an explicit step (APPOINTMENT_ISSUED) rather than the moment publicity closes: the
 * probation year runs from the appointment notice's date (DOMAIN.md), which only the organization
 * department knows, and the machine has no clock.
 */

export interface PromotionInput {
  /** The rules edition the case runs under; the newest when absent (domain/rules-edition.ts). */
  rulesEdition?: RulesEdition;
  department: string;
  caseId: string;
  post: Post;
  reportingLines: ReportingLines;
  important: boolean;
  openSelection: boolean;
  specialPost: boolean;
  /** What the post requires of education and party age (checked from rules edition 2). */
  requirements?: PostRequirements;
  policy: PolicyOverrides;
}

export type PromotionOutcome =
  | 'appointed'
  | 'appointed_on_probation'
  | 'not_appointed'
  | 'not_approved'
  | 'no_candidate'
  | 'withdrawn';

type Who = { at: string; by: Stamped['actor'] };

export interface PromotionContext
  extends Omit<PromotionInput, 'policy' | 'rulesEdition'>,
    EditionSlice,
    Omit<InspectionSlice, 'rulesEdition'>,
    ConsultationSlice,
    WithdrawalSlice {
  policy: Policy;
  deadlines: Deadlines;
  motion?: { conditions: string; deliberation?: { participants: string[]; heldOn: string } } & Who;
  /** The second 酝酿 before the vote, per candidate put to it (rules edition 2). */
  deliberations: Deliberation[];
  /** 任职谈话 after appointment (rules edition 2). */
  appointmentTalk?: { talkedBy: string; heldOn: string; summary: string } & Who;
  /** Times the case went back to nomination because no candidate was left, with the decision. */
  returns: ({ decision: string } & Who)[];
  /** Why no candidate was produced, when the case ended so. */
  noCandidate?: { decision: string } & Who;
  candidates: Candidate[];
  recommendation?: RecommendationRecord;
  voteSubjects: VoteSubject[];
  vote?: VoteRecord;
  decidedAt?: string;
  publicity?: PublicityRecord;
  calendarSchedules: YearSchedule[];
  reports: Report[];
  appointment?: { cadreId: string; noticeDate: string; documentNo?: string } & Who;
  outcome?: PromotionOutcome;
  /** Why the case ended without appointment (a substantiated report's findings). */
  findings?: string;
}

/** Raised by the workflow's own timers; never accepted from a caller. */
export const promotionTimerEvents = ['INSPECTION_NOTICE_ELAPSED', 'PUBLICITY_CLOSED'] as const;
type PromotionTimerEvent = { type: (typeof promotionTimerEvents)[number] };
/** The caller events as domain/ parses them, and the timers' events, each stamped by the host. */
export type PromotionMachineEvent = MachineEvent<PromotionEvent | PromotionTimerEvent>;

type Args = { context: PromotionContext; event: AnyStamped };

/**
 * The appointment notice may not predate the end of publicity (or, when it was waived, the vote) and may
 * not be dated in the future. Who issues it, and that no report still holds the case, are composed at the
 * transition.
 */
function appointmentOf({ context, event }: Args) {
  const e = eventOf(event, appointmentIssuedEventSchema);
  const appointee = context.vote?.subjectId;
  if (!e || !appointee) return undefined;
  const p = context.publicity;
  const earliest =
    p && !p.exempt ? chinaDateOf(p.closesAt) : context.decidedAt && chinaDateOf(context.decidedAt);
  if (!earliest || e.noticeDate < earliest || e.noticeDate > dayOf(e)) return undefined;
  return { e, appointee };
}

/**
 * The appointee and the appointment on record, in a state entered only through APPOINTMENT_ISSUED. Their
 * absence is a bug in the machine, and must not hand a half-empty appointment to the registry.
 */
function appointed(context: PromotionContext) {
  const cadre = candidateById(context, context.appointment?.cadreId);
  if (!cadre || !context.appointment)
    throw new Error('appointment state entered with no appointment on record');
  return { cadre, appointment: context.appointment };
}

/**
 * The appointee takes the post from the appointment notice's date; from the second rules edition the time
 * in post counts from the committee's decision (DOMAIN.md), while probation still runs from the notice.
 */
function appointmentOnFile(context: PromotionContext) {
  const { cadre, appointment } = appointed(context);
  const since =
    context.rulesEdition >= 2 && context.decidedAt ? chinaDateOf(context.decidedAt) : appointment.noticeDate;
  return { cadreId: cadre.id, post: context.post, since };
}

/** 任职谈话: held by someone named, after the appointment notice and not in the future. */
function appointmentTalkOf({ context, event }: Args) {
  const e = eventOf(event, appointmentTalkHeldEventSchema);
  const notice = context.appointment?.noticeDate;
  if (!e || !notice || compareDates(e.heldOn, notice) < 0 || compareDates(e.heldOn, dayOf(e)) > 0)
    return undefined;
  return e;
}

/** The organization department's decision when no candidate is left: end the case, or nominate again. */
const noCandidateDecisionOf = ({ event }: Args) =>
  eventOf(event, noCandidateEndedEventSchema) ?? eventOf(event, returnedToNominationEventSchema);

/**
 * Probation (试用期) is for promotion (提拔, 《条例》 art. 58): the post must carry it, and the appointee
 * must rise to the post's rank. Someone already at that rank moves in without probation. A rank the ladder
 * does not know counts as a rise, so that doubt never skips a probation.
 */
function appointsOnProbation(context: PromotionContext): boolean {
  if (!context.post.carriesProbation) return false;
  const appointee = candidateById(context, context.vote?.subjectId);
  // 职务 and 职级 (second edition): a 职级 holder moving into a leading post at the same level is promoted
  // (提拔任职), so probation applies to them too.
  if (context.rulesEdition >= 2 && appointee?.qualification?.holding === 'rank') return true;
  const target = rankFromLabel(context.post.rank);
  const current = rankFromLabel(appointee?.currentPost.rank ?? '');
  return target === undefined || current === undefined || rankIndex(target) > rankIndex(current);
}

/**
 * The gates before the vote (second rules edition; machines/fragments/pre-vote.ts), each a named rule so
 * that a refusal says which failed. Cases under the first edition vote as they did.
 */
const readyForVote = or([
  not('rulesOfSecondReview'),
  and([
    'secondDeliberationRecorded',
    'personnelFileChecked',
    'personalMattersChecked',
    'disciplineOpinionHeard',
    'reportsWithLeadsVerified',
    'noReportHoldsTheVote',
    'voteBriefingFiled',
    'subjectStillEligible',
  ]),
]);

/**
 * Reports before the vote: from the second edition a report naming a candidate still in the running
 * holds them until verified, and a substantiated one takes them out (DOMAIN.md); otherwise, as in the
 * first edition, a report is recorded and the organization department told.
 */
const told = (kind: string) => ({ type: 'notify', params: { kind, to: 'organization_department' } }) as const;
const reportsBeforeVoteOn = {
  REPORT_FILED: [
    {
      guard: and(['rulesOfSecondReview', 'reportAcceptable', 'reportHoldsCandidate']),
      actions: ['recordHoldingReport', told('held_for_verification')],
    },
    reportRecordedOn.REPORT_FILED,
  ],
  VERIFICATION_CLEARED: {
    guard: 'verifiesPendingReport',
    actions: ['resolveReport', told('verification_cleared')],
  },
  VERIFICATION_SUBSTANTIATED: {
    guard: 'verifiesPendingReport',
    actions: ['resolveReport', 'dropReportedCandidate', told('verification_substantiated')],
  },
} as const;

/** A measure (诫勉, 组织处理, 处分) reported after the review, until appointment: the vote and appointment see it. */
const measureOn = {
  MEASURE_RECORDED: {
    guard: 'measureAcceptable',
    actions: ['recordLaterMeasure'],
  },
} as const;

/** What every open state before the vote accepts: withdrawal, reports, measures reported after the review. */
const openBeforeVoteOn = {
  ...openCaseOn('promotion'),
  ...reportsBeforeVoteOn,
  ...measureOn,
} as const;

/** The steps recorded between the inspection's conclusion and the vote (second rules edition). */
const preVoteOn = {
  ...openBeforeVoteOn,
  PROPOSAL_DELIBERATED: {
    guard: 'deliberationAcceptable',
    actions: ['recordDeliberation'],
  },
  PRE_VOTE_CHECK_RECORDED: {
    guard: 'preVoteCheckAcceptable',
    actions: ['recordPreVoteCheck'],
  },
  VOTE_BRIEFING_FILED: {
    guard: 'voteBriefingAcceptable',
    actions: ['recordBriefing'],
  },
} as const;

export const promotionMachine = setup({
  types: {
    input: {} as PromotionInput,
    context: {} as PromotionContext,
    events: {} as PromotionMachineEvent,
    meta: {} as StateMeta,
  },
  actions: {
    // Effects: named by the machine, run by the host (domain/effects.ts is their catalogue).
    ...effectActions,
    // The record.
    recordMotion: assign(({ event }) => {
      const e = eventOf(event, motionAdoptedEventSchema);
      if (!e) return {};
      const deliberation = e.deliberation && {
        participants: e.deliberation.participants,
        heldOn: e.deliberation.heldOn,
      };
      return {
        motion: {
          conditions: e.conditions,
          ...(deliberation ? { deliberation } : {}),
          at: e.at,
          by: e.actor,
        },
      };
    }),
    recordDeliberation: assign(({ context, event }) => recordDeliberation(context, event)),
    recordPreVoteCheck: assign(({ context, event }) => recordPreVoteCheck(context, event)),
    recordBriefing: assign(({ context, event }) => recordBriefing(context, event)),
    recordLaterMeasure: assign(({ context, event }) => recordLaterMeasure(context, event)),
    dropReportedCandidate: assign(({ context, event }) => dropReportedCandidate(context, event)),
    recordAppointmentTalk: assign(({ context, event }) => {
      const e = appointmentTalkOf({ context, event });
      return e
        ? {
            appointmentTalk: {
              talkedBy: e.talkedBy,
              heldOn: e.heldOn,
              summary: e.summary,
              at: e.at,
              by: e.actor,
            },
          }
        : {};
    }),
    recordNoCandidate: assign(({ context, event }) => {
      const e = noCandidateDecisionOf({ context, event });
      return e ? { noCandidate: { decision: e.decision, at: e.at, by: e.actor } } : {};
    }),
    // Back to nomination: the earlier steps' record stays with each candidate; the choice, notice and
    // proposal are for a new round.
    returnToNomination: assign(({ context, event }) => {
      const e = noCandidateDecisionOf({ context, event });
      if (!e) return {};
      return {
        returns: [...context.returns, { decision: e.decision, at: e.at, by: e.actor }],
        inspectionChoice: undefined,
        inspectionNotice: undefined,
        proposal: undefined,
        voteSubjects: [],
      };
    }),
    recordNomination: assign(({ context, event }) => recordNomination(context, event)),
    recordQualificationReview: assign(({ context, event }) => recordQualificationReview(context, event)),
    recordRecommendation: assign(({ context, event }) => recordRecommendation(context, event)),
    recordInspectionChoice: assign(({ context, event }) => recordInspectionChoice(context, event)),
    recordInspectionNotice: assign(({ context, event }) => recordInspectionNotice(context, event)),
    closeInspectionNotice: assign(({ context }) => closeInspectionNotice(context)),
    recordEvaluation: assign(({ context, event }) => recordCandidateEvaluation(context, event)),
    recordInspectionReport: assign(({ context, event }) => recordInspectionReport(context, event)),
    recordInspectionConclusion: assign(({ context, event }) => recordInspectionConclusion(context, event)),
    recordConsultation: assign(({ context, event }) => recordConsultation(context, event)),
    recordFinalistsPresentation: assign(({ context, event }) => recordFinalistsPresentation(context, event)),
    recordVote: assign(({ context, event }) => recordVote(context, event)),
    startPublicity: assign(({ context, event }) => startPublicity(context, event)),
    applyCalendarUpdate: assign(({ context, event }) => applyCalendarUpdate(context, event)),
    recordCalendarUpdate: assign(({ context, event }) => recordCalendarUpdate(context, event)),
    closePublicity: assign(({ context, event }) => closePublicity(context, event)),
    waivePublicity: assign(({ context, event }) => waivePublicity(context, event)),
    recordReport: assign(({ context, event }) => recordReport(context, event)),
    recordHoldingReport: assign(({ context, event }) => recordHoldingReport(context, event)),
    resolveReport: assign(({ context, event }) => resolveReport(context, event)),
    recordWithdrawal: assign(({ context, event }) => recordWithdrawal(context, event)),
    recordAppointment: assign(({ context, event }) => {
      const a = appointmentOf({ context, event });
      if (!a) return {};
      const { noticeDate, documentNo, at, actor } = a.e;
      return {
        appointment: {
          cadreId: a.appointee,
          noticeDate,
          ...(documentNo ? { documentNo } : {}),
          at,
          by: actor,
        },
      };
    }),
    settle: assign(({ context }, params: { outcome: PromotionOutcome }) => ({
      outcome: params.outcome,
      deadlines: {},
      findings: context.reports.find((r) => r.status === 'substantiated')?.findings,
    })),
  },
  guards: {
    ...editionGuards,
    senderPermitted: senderGuard('promotion'),
    withdrawalAcceptable,
    ...supervisionGuards,
    ...voteGuards,
    ...publicityGuards,
    ...recommendationGuards,
    ...evaluationGuards<PromotionContext>(mayEvaluate, (context, id) => {
      const candidate = candidateById(context, id);
      return candidate !== undefined && holdsLeadingPost(candidate.currentPost);
    }),
    ...preVoteGuards,
    /** The post to fill and its conditions, stated (the schema refuses blank ones). */
    motionAcceptable: ({ event }) => eventOf(event, motionAdoptedEventSchema) !== undefined,
    /** 酝酿 at the motion (DOMAIN.md, from the seed): who took part and when, not in the future. */
    motionDeliberated: ({ event }) => {
      const e = eventOf(event, motionAdoptedEventSchema);
      return e?.deliberation !== undefined && compareDates(e.deliberation.heldOn, dayOf(e)) <= 0;
    },
    /** Every candidate inspected has fallen out (adjusted, admonished, or a report substantiated). */
    noCandidateLeft: ({ context }) => withStatus(context, 'inspection').length === 0,
    candidateOutcomeAcceptable: (args) => noCandidateDecisionOf(args) !== undefined,
    appointeeStillEligible: ({ context, event }) =>
      !barredByLaterMeasures(candidateById(context, context.vote?.subjectId), dayOf(event)),
    appointmentTalkAcceptable: (args) => appointmentTalkOf(args) !== undefined,
    talkOnProbation: ({ context }) => appointsOnProbation(context),
    nominationAcceptable,
    // Competition (差额) needs more nominees than posts; after a return to nomination, new ones.
    moreNomineesThanPosts: ({ context }) => withStatus(context, 'nominated').length > POSTS_PER_CASE,
    qualificationReviewAcceptable,
    qualificationReviewComplete,
    inspectionChoiceAcceptable,
    inspectionNoticeAcceptable,
    inspectionReportAcceptable,
    inspectionTeamRecused,
    inspectionConclusionAcceptable,
    /** Committee members are consulted before the vote on an important post; leadership-team posts are. */
    consultationRequired: ({ context }) => context.important || context.post.leadershipTeam,
    openSelection: ({ context }) => context.openSelection,
    consultationAcceptable,
    finalistsPresentationAcceptable,
    noPendingReports,
    appointmentAcceptable: (args) => appointmentOf(args) !== undefined,
    appointsOnProbation: ({ context }) => appointsOnProbation(context),
  },
}).createMachine({
  id: 'promotion',
  context: ({ input }) => ({
    ...input,
    rulesEdition: input.rulesEdition ?? LATEST_RULES_EDITION,
    policy: mergePolicy(input.policy),
    deadlines: {},
    candidates: [],
    voteSubjects: [],
    deliberations: [],
    returns: [],
    calendarSchedules: [],
    reports: [],
  }),
  initial: 'motion',
  states: withSenders({
    motion: {
      meta: { label: { zh: '动议', en: 'Motion' } },
      on: {
        ...openBeforeVoteOn,
        MOTION_ADOPTED: {
          guard: and(['motionAcceptable', or([not('rulesOfSecondReview'), 'motionDeliberated'])]),
          target: 'nomination',
          actions: ['recordMotion'],
        },
      },
    },
    nomination: {
      meta: { label: { zh: '初始提名', en: 'Nomination' } },
      on: {
        ...openBeforeVoteOn,
        NOMINATED: {
          guard: 'nominationAcceptable',
          actions: ['recordNomination'],
        },
        NOMINATION_CLOSED: {
          guard: 'moreNomineesThanPosts',
          target: 'qualificationReview',
        },
      },
    },
    qualificationReview: {
      meta: { label: { zh: '资格审查', en: 'Qualification review' } },
      on: {
        ...openBeforeVoteOn,
        QUALIFICATION_REVIEWED: {
          guard: 'qualificationReviewAcceptable',
          actions: ['recordQualificationReview'],
        },
        QUALIFICATION_REVIEW_CONCLUDED: {
          guard: 'qualificationReviewComplete',
          target: 'democraticRecommendation',
        },
      },
    },
    democraticRecommendation: {
      meta: { label: { zh: '民主推荐', en: 'Democratic recommendation' } },
      on: {
        ...openBeforeVoteOn,
        RECOMMENDATION_RECORDED: [
          {
            guard: 'recommendationRanked',
            target: 'choosingCandidates',
            actions: ['recordRecommendation'],
          },
          {
            guard: 'recommendationParticipationInsufficient',
            actions: [
              'recordRecommendation',
              {
                type: 'notify',
                params: { kind: 'recommendation_participation_insufficient', to: 'organization_department' },
              },
            ],
          },
        ],
      },
    },
    choosingCandidates: {
      meta: { label: { zh: '确定考察对象', en: 'Choosing the candidates to inspect' } },
      on: {
        ...openBeforeVoteOn,
        INSPECTION_CANDIDATES_CHOSEN: {
          guard: 'inspectionChoiceAcceptable',
          target: 'awaitingInspectionNotice',
          actions: ['recordInspectionChoice'],
        },
      },
    },
    awaitingInspectionNotice: {
      meta: { label: { zh: '待发布考察预告', en: 'Awaiting the inspection notice' } },
      on: {
        ...openBeforeVoteOn,
        INSPECTION_NOTICE_PUBLISHED: {
          guard: 'inspectionNoticeAcceptable',
          target: 'inspectionNotice',
          actions: ['recordInspectionNotice'],
        },
      },
    },
    inspectionNotice: {
      meta: { label: { zh: '考察预告期', en: 'Inspection notice period' }, timers: [inspectionNoticeTimer] },
      on: {
        ...openBeforeVoteOn,
        INSPECTION_NOTICE_ELAPSED: { target: 'inspection', actions: ['closeInspectionNotice'] },
      },
    },
    inspection: {
      meta: { label: { zh: '考察', en: 'Inspection' } },
      on: {
        ...openBeforeVoteOn,
        ...evaluationOn,
        INSPECTION_REPORTED: {
          guard: and([
            'inspectionReportAcceptable',
            or([not('rulesOfThirdEdition'), 'inspectionTeamRecused']),
          ]),
          actions: ['recordInspectionReport'],
        },
        // No candidate left: the case does not sit open; the organization department decides which way.
        NO_CANDIDATE_PRODUCED: {
          guard: and(['noCandidateLeft', 'candidateOutcomeAcceptable']),
          target: 'noCandidate',
          actions: ['recordNoCandidate'],
        },
        RETURNED_TO_NOMINATION: {
          guard: and(['noCandidateLeft', 'candidateOutcomeAcceptable']),
          target: 'nomination',
          actions: ['returnToNomination'],
        },
        INSPECTION_CONCLUDED: [
          {
            guard: and(['inspectionConclusionAcceptable', 'consultationRequired']),
            target: 'consultation',
            actions: ['recordInspectionConclusion'],
          },
          {
            guard: and(['inspectionConclusionAcceptable', not('consultationRequired'), 'openSelection']),
            target: 'finalistsPresentation',
            actions: ['recordInspectionConclusion'],
          },
          {
            guard: and(['inspectionConclusionAcceptable', not('consultationRequired'), not('openSelection')]),
            target: 'committeeVote',
            actions: ['recordInspectionConclusion'],
          },
        ],
      },
    },
    consultation: {
      meta: { label: { zh: '征求意见', en: 'Consultation of committee members' } },
      on: {
        ...preVoteOn,
        CONSULTATION_CONCLUDED: [
          {
            guard: and(['consultationAcceptable', 'openSelection']),
            target: 'finalistsPresentation',
            actions: ['recordConsultation'],
          },
          {
            guard: and(['consultationAcceptable', not('openSelection')]),
            target: 'committeeVote',
            actions: ['recordConsultation'],
          },
        ],
      },
    },
    finalistsPresentation: {
      meta: { label: { zh: '公开选拔：人选陈述答辩', en: 'Open selection: the finalists appear' } },
      on: {
        ...preVoteOn,
        FINALISTS_PRESENTED: {
          guard: 'finalistsPresentationAcceptable',
          target: 'committeeVote',
          actions: ['recordFinalistsPresentation'],
        },
      },
    },
    committeeVote: {
      meta: { label: { zh: '常委会票决', en: 'Committee vote' } },
      on: {
        ...preVoteOn,
        ...committeeVoteOn({ onPassed: 'publicity', onFailed: 'notApproved', requires: readyForVote }),
      },
    },
    publicity: publicityState(
      { ...openCaseOn('promotion'), ...measureOn },
      {
        onClosed: '#promotion.awaitingAppointment',
        onSubstantiated: '#promotion.notAppointed',
      },
    ),
    awaitingAppointment: {
      meta: { label: { zh: '公示期满，待任职', en: 'Awaiting the appointment notice' } },
      on: {
        ...openCaseOn('promotion'),
        ...measureOn,
        APPOINTMENT_ISSUED: [
          {
            guard: and([
              not('rulesOfSecondReview'),
              'appointmentAcceptable',
              'noPendingReports',
              'appointsOnProbation',
            ]),
            target: 'appointedOnProbation',
            actions: ['recordAppointment'],
          },
          {
            guard: and([
              not('rulesOfSecondReview'),
              'appointmentAcceptable',
              'noPendingReports',
              not('appointsOnProbation'),
            ]),
            target: 'appointed',
            actions: ['recordAppointment'],
          },
          // Second edition: eligibility again on the day, then the appointment talk (任职谈话).
          {
            guard: and([
              'rulesOfSecondReview',
              'appointmentAcceptable',
              'noPendingReports',
              'appointeeStillEligible',
            ]),
            target: 'appointmentTalk',
            actions: ['recordAppointment'],
          },
        ],
      },
    },
    appointmentTalk: {
      meta: {
        label: { zh: '已发任职通知，待任职谈话', en: 'Appointment notice issued; the appointment talk' },
      },
      on: {
        ...reportRecordedOn,
        APPOINTMENT_TALK_HELD: [
          {
            guard: and(['appointmentTalkAcceptable', 'talkOnProbation']),
            target: 'appointedOnProbation',
            actions: ['recordAppointmentTalk'],
          },
          {
            guard: and(['appointmentTalkAcceptable', not('talkOnProbation')]),
            target: 'appointed',
            actions: ['recordAppointmentTalk'],
          },
        ],
      },
    },
    appointed: {
      type: 'final',
      meta: { label: { zh: '已任职', en: 'Appointed' } },
      entry: [
        { type: 'settle', params: { outcome: 'appointed' } },
        { type: 'appointToPost', params: ({ context }) => appointmentOnFile(context) },
        { type: 'notify', params: { kind: 'appointed', to: 'department' } },
      ],
    },
    appointedOnProbation: {
      type: 'final',
      meta: { label: { zh: '已任职，进入试用期', en: 'Appointed; probation begins' } },
      entry: [
        { type: 'settle', params: { outcome: 'appointed_on_probation' } },
        { type: 'appointToPost', params: ({ context }) => appointmentOnFile(context) },
        {
          type: 'startProbation',
          params: ({ context }) => {
            const { cadre, appointment } = appointed(context);
            return {
              cadre: { id: cadre.id, name: cadre.name },
              trialPost: context.post,
              previousPost: cadre.currentPost,
              startsOn: appointment.noticeDate,
              nominatedBy: nominatorsOf(cadre),
              policy: context.policy,
            };
          },
        },
        { type: 'notify', params: { kind: 'appointed_on_probation', to: 'department' } },
      ],
    },
    notAppointed: ending('not_appointed', {
      zh: '举报核查属实，不予任用',
      en: 'Not appointed: a report was substantiated',
    }),
    noCandidate: ending('no_candidate', {
      zh: '考察对象均已不能任用，未产生人选',
      en: 'No candidate produced: every candidate inspected fell out',
    }),
    notApproved: notApprovedEnding(),
    withdrawn: withdrawnEnding(),
  }),
});
