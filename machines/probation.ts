import { and, assertEvent, assign, setup } from 'xstate';
import type { Cadre, Post } from '../domain/case';
import { addCalendarMonths, addDays, chinaDateOf, endOfChinaDay, startOfChinaDay } from '../domain/dates';
import { mergePolicy, type Policy, type PolicyOverrides } from '../domain/policy';
import { LATEST_RULES_EDITION, type RulesEdition } from '../domain/rules-edition';
import type { ProbationEvent } from '../domain/tracks/probation';
import { effectActions } from './effects';
import { actorGuards } from './fragments/actors';
import { type EditionSlice, editionGuards } from './fragments/editions';
import type { MachineEvent } from './fragments/events';
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
import type { Deadlines, StateMeta } from './meta';

/**
 * Probation (试用期): one year from the appointment notice; its expiry opens the review by itself;
 * the review ends in confirmation (正式任职) or return to the pre-probation post (退回原单位).
 * Serious problems end it early. The review has a deadline, a reminder before it and an escalation after.
 *
 * Supervision (fragments/supervision.ts): a report (举报) during probation holds the case until verified —
 * here the hold is on confirmation, not on the clock: the year still runs out and the review still opens,
 * but REVIEW_PASSED is refused while a report is pending. A substantiated report ends probation early.
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
    ...actorGuards,
    noPendingReports,
    // Confirmation waits for every report made during probation to be verified. Named, so that the host's
    // refusal says `mayConfirm`; its parts are the rules.
    mayConfirm: and(['byOrganizationDepartment', 'noPendingReports']),
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
  states: {
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
        SERIOUS_PROBLEM_FOUND: {
          target: 'returned',
          actions: ['recordFindings', assign({ outcome: 'ended_early' })],
        },
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
        REVIEW_PASSED: { guard: 'mayConfirm', target: 'confirmed' },
        REVIEW_FAILED: {
          guard: 'byOrganizationDepartment',
          target: 'returned',
          actions: ['recordFindings', assign({ outcome: 'returned_after_review' })],
        },
        SERIOUS_PROBLEM_FOUND: {
          target: 'returned',
          actions: ['recordFindings', assign({ outcome: 'ended_early' })],
        },
        ...supervisionHold,
      },
    },
    reviewOverdue: {
      meta: { label: { zh: '考核逾期（已预警）', en: 'Review overdue (escalated)' } },
      entry: ['clearDeadlines'],
      on: {
        REVIEW_PASSED: { guard: 'mayConfirm', target: 'confirmed' },
        REVIEW_FAILED: {
          guard: 'byOrganizationDepartment',
          target: 'returned',
          actions: ['recordFindings', assign({ outcome: 'returned_after_review' })],
        },
        SERIOUS_PROBLEM_FOUND: {
          target: 'returned',
          actions: ['recordFindings', assign({ outcome: 'ended_early' })],
        },
        ...supervisionHold,
      },
    },
    confirmed: {
      type: 'final',
      meta: { label: { zh: '正式任职', en: 'Confirmed in post' } },
      entry: [
        'clearDeadlines',
        assign({ outcome: 'confirmed' }),
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
  },
});
