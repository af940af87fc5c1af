import { and, assertEvent, assign, not, or, setup } from 'xstate';
import type { Cadre, Post } from '../domain/case';
import { addCalendarMonths, addDays, chinaDateOf, endOfChinaDay, startOfChinaDay } from '../domain/dates';
import { mergePolicy, type Policy, type PolicyOverrides } from '../domain/policy';
import { LATEST_RULES_EDITION, type RulesEdition } from '../domain/rules-edition';
import {
  type ProbationEvent,
  reviewFailedEventSchema,
  reviewPassedEventSchema,
  seriousProblemFoundEventSchema,
} from '../domain/tracks/probation';
import { effectActions } from './effects';
import { type EditionSlice, editionGuards } from './fragments/editions';
import { evaluationOf } from './fragments/evaluation';
import { type AnyStamped, eventOf, type MachineEvent } from './fragments/events';
import { senderGuard, withSenders } from './fragments/senders';
import {
  noPendingReports,
  type Report,
  recordHoldingReport,
  reportHoldsOn,
  resolveReport,
  substantiatedFindings,
  supervisionGuards,
  verificationOn,
} from './fragments/supervision';
import type { Deadlines, Stamped, StateMeta } from './meta';
import type { EvaluationOutcome } from './rules/evaluation';

/**
 * Probation (试用期): one year from the appointment notice; its expiry opens the review by itself;
 * the review ends in confirmation (正式任职) or return to the pre-probation post (退回原单位).
 * Serious problems end it early. The review has a deadline, a reminder before it and an escalation after.
 *
 * Supervision (fragments/supervision.ts): a report (举报) during probation holds the case until verified —
 * here the hold is on confirmation, not on the clock: the year still runs out and the review still opens,
 * but REVIEW_PASSED is refused while a report is pending. A substantiated report ends probation early.
 *
 * From the second rules edition (DOMAIN.md "Corrections and additions", Probation):
 * - the review records the democratic evaluation's counts (the same 75/20/50 rules, from the case policy)
 *   and the inspection's conclusion, whichever way it concludes; a review that fails by those rules
 *   (dissatisfaction above the adjustment line, or an inspection concluded 不合格) is confirmed only with
 *   a recorded reason (`passReason`). Admonishment (above 20%) is recorded but does not fail the review:
 *   the issue names only failing, and 诫勉's bar is on promotion;
 * - a serious problem found during probation no longer returns the cadre at once: the finding holds the
 *   case like a report, the organization department verifies it, and only a substantiated one returns.
 */

export interface ProbationInput {
  /** The rules edition the case runs under; the newest when absent (domain/rules-edition.ts). */
  rulesEdition?: RulesEdition;
  department: string;
  caseId: string;
  cadre: Cadre;
  trialPost: Post;
  previousPost: Post;
  startsOn: string;
  nominatedBy: string[];
  policy: PolicyOverrides;
}

type ProbationOutcome = 'confirmed' | 'returned_after_review' | 'ended_early';

export interface ProbationContext extends Omit<ProbationInput, 'policy' | 'rulesEdition'>, EditionSlice {
  policy: Policy;
  endsOn: string;
  deadlines: Deadlines;
  outcome?: ProbationOutcome;
  findings?: string;
  reports: Report[];
  /** The review as concluded (second edition: its counts, the rule's outcome, the inspection). */
  review?: ProbationReview;
}

interface ProbationReview {
  conclusion: 'passed' | 'failed';
  evaluation?: { counts: unknown; outcome: EvaluationOutcome };
  inspection?: { conclusion: 'qualified' | 'unqualified'; summary: string };
  /** Confirmed although the rules fail the review: why. */
  passReason?: string;
  at: string;
  by: Stamped['actor'];
}

/** Events raised by the workflow's own timers; never accepted from a caller. */
const probationTimerEvents = ['PROBATION_EXPIRED', 'REVIEW_REMINDER_DUE', 'REVIEW_OVERDUE'] as const;
type ProbationTimerEvent = { type: (typeof probationTimerEvents)[number] };

/** The caller events as domain/ parses them (supervision's among them), and the timers', each stamped. */
export type ProbationMachineEvent = MachineEvent<ProbationEvent | ProbationTimerEvent>;

/** The review must conclude by the end of its last day (China time); the reminder goes out as that day nears. */
function reviewDeadlines(policy: Policy, expiredAt: string): Deadlines {
  const lastDay = addDays(chinaDateOf(expiredAt), policy.probation.reviewDeadlineDays);
  return {
    reviewDeadline: endOfChinaDay(lastDay),
    reviewReminder: startOfChinaDay(addDays(lastDay, -policy.probation.reviewReminderDaysBefore)),
  };
}

/** Probation runs `months` calendar months from the notice date and expires as the anniversary begins. */
export function probationEndsOn(startsOn: string, months: number): string {
  return chinaDateOf(addCalendarMonths(startOfChinaDay(startsOn), months));
}

type Args = { context: ProbationContext; event: AnyStamped };

const concluded = (event: AnyStamped) =>
  eventOf(event, reviewPassedEventSchema) ?? eventOf(event, reviewFailedEventSchema);

/** Both parts of the review are on the event, and the evaluation's counts add up. */
function reviewRecorded({ context, event }: Args): boolean {
  const e = concluded(event);
  return e?.inspection !== undefined && evaluationOf(context.policy, e.evaluation) !== undefined;
}

/** The review passes by the rules: not above the adjustment line, and the inspection 合格. */
function reviewPassesByRules({ context, event }: Args): boolean {
  const e = concluded(event);
  const outcome = e && evaluationOf(context.policy, e.evaluation);
  return (
    outcome !== undefined && outcome.consequence !== 'adjustment' && e?.inspection?.conclusion === 'qualified'
  );
}

const passReasonRecorded = ({ event }: Args) =>
  eventOf(event, reviewPassedEventSchema)?.passReason !== undefined;

function reviewOf(context: ProbationContext, event: AnyStamped): ProbationReview | undefined {
  const e = concluded(event);
  if (!e) return undefined;
  const outcome = evaluationOf(context.policy, e.evaluation);
  const passReason = e.type === 'REVIEW_PASSED' ? e.passReason : undefined;
  return {
    conclusion: e.type === 'REVIEW_PASSED' ? 'passed' : 'failed',
    ...(outcome ? { evaluation: { counts: e.evaluation, outcome } } : {}),
    ...(e.inspection ? { inspection: e.inspection } : {}),
    ...(passReason ? { passReason } : {}),
    at: e.at,
    by: e.actor,
  };
}

/** A finding (second edition) names itself, under an id no report or finding of the case has used. */
function findingAcceptable({ context, event }: Args): boolean {
  const id = eventOf(event, seriousProblemFoundEventSchema)?.findingId;
  return id !== undefined && !context.reports.some((r) => r.id === id);
}

/** The finding, held for verification like a report (fragments/supervision.ts resolves it). */
function recordHoldingFinding(context: ProbationContext, event: AnyStamped): Partial<ProbationContext> {
  const e = eventOf(event, seriousProblemFoundEventSchema);
  if (!e?.findingId) return {};
  const finding: Report = {
    id: e.findingId,
    channel: 'finding',
    summary: e.findings,
    filedAt: e.at,
    filedBy: e.actor,
    status: 'pending',
  };
  return { reports: [...context.reports, finding] };
}

/**
 * A serious problem found during probation: under the first edition it returned the cadre at once; from
 * the second it holds the case until the organization department verifies it (supervisionHold below).
 */
const seriousProblemFound = [
  {
    guard: not('rulesOfSecondReview'),
    target: 'returned',
    actions: ['recordFindings', { type: 'setOutcome', params: { outcome: 'ended_early' } }],
  },
  {
    guard: 'findingAcceptable',
    actions: [
      'recordHoldingFinding',
      { type: 'notify', params: { kind: 'held_for_verification', to: 'organization_department' } },
    ],
  },
] as const;

const reviewConcluded = {
  REVIEW_PASSED: { guard: 'mayConfirm', target: 'confirmed', actions: ['recordReview'] },
  REVIEW_FAILED: {
    guard: 'mayReturnAfterReview',
    target: 'returned',
    actions: [
      'recordFindings',
      'recordReview',
      { type: 'setOutcome', params: { outcome: 'returned_after_review' } },
    ],
  },
} as const;

/** Reports hold the case in place; a substantiated one returns the cadre early. */
const supervisionHold = {
  ...reportHoldsOn(),
  ...verificationOn({
    onCleared: undefined,
    onSubstantiated: 'returned',
    substantiatedActions: ['endEarlyOnReport'] as const,
  }),
} as const;

export const probationMachine = setup({
  types: {
    input: {} as ProbationInput,
    context: {} as ProbationContext,
    events: {} as ProbationMachineEvent,
    meta: {} as StateMeta,
  },
  actions: {
    // Effects: the machine names them, the host runs them as activities (machines do no I/O).
    ...effectActions,
    openReview: assign(({ context, event }) => ({
      deadlines: reviewDeadlines(context.policy, event.at),
    })),
    clearReminder: assign(({ context }) => ({
      deadlines: { ...context.deadlines, reviewReminder: undefined },
    })),
    // Only these two events record findings; their payload is the caller's (parsed by the host).
    setOutcome: assign((_, params: { outcome: ProbationOutcome }) => ({ outcome: params.outcome })),
    recordReview: assign(({ context, event }) => {
      const review = reviewOf(context, event);
      return review ? { review } : {};
    }),
    recordHoldingFinding: assign(({ context, event }) => recordHoldingFinding(context, event)),
    recordFindings: assign(({ event }) => {
      assertEvent(event, ['REVIEW_FAILED', 'SERIOUS_PROBLEM_FOUND']);
      return { findings: event.findings };
    }),
    clearDeadlines: assign({ deadlines: {} }),
    recordHoldingReport: assign(({ context, event }) => recordHoldingReport(context, event)),
    resolveReport: assign(({ context, event }) => resolveReport(context, event)),
    endEarlyOnReport: assign(({ context }) => ({
      outcome: 'ended_early' as const,
      findings: substantiatedFindings(context),
    })),
  },
  guards: {
    ...editionGuards,
    // The review is the organization department's (组织部门) to conclude.
    senderPermitted: senderGuard('probation'),
    noPendingReports,
    reviewRecorded,
    reviewPassesByRules,
    passReasonRecorded,
    findingAcceptable,
    /** Second edition: the review's counts and conclusion, and a reason when the rules fail it. */
    reviewSupportsConfirmation: and(['reviewRecorded', or(['reviewPassesByRules', 'passReasonRecorded'])]),
    // Confirmation waits for every report made during probation to be verified. Named, so that the host's
    // refusal says `mayConfirm`; its parts are the rules.
    mayConfirm: and(['noPendingReports', or([not('rulesOfSecondReview'), 'reviewSupportsConfirmation'])]),
    mayReturnAfterReview: and([or([not('rulesOfSecondReview'), 'reviewRecorded'])]),
    ...supervisionGuards,
  },
}).createMachine({
  id: 'probation',
  context: ({ input }) => {
    const policy = mergePolicy(input.policy);
    const endsOn = probationEndsOn(input.startsOn, policy.probation.months);
    return {
      ...input,
      rulesEdition: input.rulesEdition ?? LATEST_RULES_EDITION,
      policy,
      endsOn,
      deadlines: { probationExpiry: startOfChinaDay(endsOn) },
      reports: [],
    };
  },
  initial: 'serving',
  states: withSenders({
    serving: {
      meta: {
        label: { zh: '试用期中', en: 'On probation' },
        timers: [
          {
            name: 'probationExpiry',
            event: 'PROBATION_EXPIRED',
            label: { zh: '试用期满，开启考核', en: 'Probation expires; the review opens' },
          },
        ],
      },
      entry: [
        {
          type: 'beginTrialPost',
          params: ({ context }) => ({
            cadreId: context.cadre.id,
            post: context.trialPost,
            since: context.startsOn,
          }),
        },
      ],
      on: {
        PROBATION_EXPIRED: {
          target: 'review',
          actions: [
            'openReview',
            { type: 'notify', params: { kind: 'review_opened', to: 'organization_department' } },
          ],
        },
        SERIOUS_PROBLEM_FOUND: seriousProblemFound,
        ...supervisionHold,
      },
    },
    review: {
      meta: {
        label: { zh: '试用期满考核', en: 'Probation review' },
        timers: [
          {
            name: 'reviewReminder',
            event: 'REVIEW_REMINDER_DUE',
            label: { zh: '考核截止提醒', en: 'Reminder before the review deadline' },
          },
          {
            name: 'reviewDeadline',
            event: 'REVIEW_OVERDUE',
            label: { zh: '考核截止，逾期预警', en: 'Review deadline; escalates when passed' },
          },
        ],
      },
      on: {
        REVIEW_REMINDER_DUE: {
          actions: [
            'clearReminder',
            { type: 'notify', params: { kind: 'review_due_soon', to: 'organization_department' } },
          ],
        },
        REVIEW_OVERDUE: {
          target: 'reviewOverdue',
          actions: [{ type: 'notify', params: { kind: 'review_overdue', to: 'operators' } }],
        },
        ...reviewConcluded,
        SERIOUS_PROBLEM_FOUND: seriousProblemFound,
        ...supervisionHold,
      },
    },
    reviewOverdue: {
      meta: { label: { zh: '考核逾期（已预警）', en: 'Review overdue (escalated)' }, escalationOf: 'review' },
      entry: ['clearDeadlines'],
      on: {
        ...reviewConcluded,
        SERIOUS_PROBLEM_FOUND: seriousProblemFound,
        ...supervisionHold,
      },
    },
    confirmed: {
      type: 'final',
      meta: { label: { zh: '正式任职', en: 'Confirmed in post' } },
      entry: [
        'clearDeadlines',
        { type: 'setOutcome', params: { outcome: 'confirmed' } },
        {
          type: 'confirmInPost',
          params: ({ context }) => ({ cadreId: context.cadre.id, post: context.trialPost }),
        },
        { type: 'notify', params: { kind: 'confirmed', to: 'department' } },
      ],
    },
    returned: {
      type: 'final',
      meta: { label: { zh: '退回原单位', en: 'Returned to the pre-probation post' } },
      entry: [
        'clearDeadlines',
        {
          type: 'restorePreProbationPost',
          params: ({ context }) => ({ cadreId: context.cadre.id, post: context.previousPost }),
        },
        { type: 'notify', params: { kind: 'returned', to: 'department' } },
      ],
    },
  }),
});
