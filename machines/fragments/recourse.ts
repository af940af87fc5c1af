import type { Policy } from '../../domain/policy';
import {
  appealDecidedEventSchema,
  appealExtendedEventSchema,
  appealFiledEventSchema,
  type RecourseRuling,
  reviewDecidedEventSchema,
  reviewRequestedEventSchema,
} from '../../domain/steps/recourse';
import type { Deadlines, Stamped } from '../meta';
import { extendedBy, type Period, periodAfter, withinPeriod } from '../rules/recourse-periods';
import { type AnyStamped, eventOf } from './events';

/**
 * 复核 and 申诉 after a decision in effect (《公务员法》(2018) arts. 95–96; 《推进领导干部能上能下规定》(2022)).
 * Once the decision takes effect, the case stays open for the cadre's recourse:
 * - within 30 days of the decision, the cadre may apply to the 原处理机关 for 复核, or 申诉 directly;
 * - the 复核 is decided within 30 days of the request; maintained (维持), the cadre may 申诉 within 15
 *   days of that decision;
 * - the 申诉 is decided within 60 days of its acceptance, extendable once for a complex case by at most
 *   30 days;
 * - a decision past its deadline raises a warning to the office in charge; it does not decide anything;
 * - 复核 and 申诉 do not suspend the decision (复核、申诉期间不停止人事处理的执行, art. 96): nothing is undone
 *   while they are pending;
 * - revoked (撤销) or changed (变更), the decision is reversed: the former post is restored and the
 *   influence period lifted. A change is recorded as what it says; the registry restores the former post,
 *   and a different measure, if the change imposes one, is a case of its own.
 * The periods are the case policy's (`recourse`); the 申诉 is taken as accepted the day it is filed (the
 * case has no separate acceptance step), and the decision as learnt, and the 复核 decision as received,
 * on the day each is dated.
 */

type Who = { at: string; by: Stamped['actor'] };

interface RecourseDecision extends Who {
  ruling: RecourseRuling;
  reasons: string;
  change?: string;
}

export interface RecourseRecord {
  /** The period to apply now: for 复核 or a direct 申诉, then (after a 复核 maintained) for 申诉. */
  period: Period;
  review?: Who & {
    grounds: string;
    /** When the 复核 decision is due (art. 96: 30 days). */
    decisionDue: Period;
    overdueWarnedAt?: string;
    decision?: RecourseDecision;
  };
  appeal?: Who & {
    grounds: string;
    organ: string;
    afterReview: boolean;
    /** When the 申诉 decision is due (art. 96: 60 days, plus an extension). */
    decisionDue: Period;
    extension?: Who & { days: number; grounds: string };
    overdueWarnedAt?: string;
    decision?: RecourseDecision;
  };
  /** A 复核 or 申诉 that revoked or changed the decision. */
  reversal?: Who & { on: 'review' | 'appeal'; ruling: Exclude<RecourseRuling, 'maintained'> };
}

export interface RecourseSlice {
  policy: Policy;
  deadlines: Deadlines;
  decidedAt?: string;
  recourse?: RecourseRecord;
}

type Args = { context: RecourseSlice; event: AnyStamped };

const requested = (event: AnyStamped) => eventOf(event, reviewRequestedEventSchema);
const filed = (event: AnyStamped) => eventOf(event, appealFiledEventSchema);
const extended = (event: AnyStamped) => eventOf(event, appealExtendedEventSchema);
const decided = (event: AnyStamped) =>
  eventOf(event, reviewDecidedEventSchema) ?? eventOf(event, appealDecidedEventSchema);

// ---- guards ----

/** A request for 复核, or a 申诉, dated within the period open now (30 days; 15 after a 复核). */
function withinRecoursePeriod({ context, event }: Args): boolean {
  const period = context.recourse?.period;
  return (requested(event) ?? filed(event)) !== undefined && !!period && withinPeriod(event.at, period);
}

/** The decision keeps the measure (维持). */
const rulingMaintains = ({ event }: Args): boolean => decided(event)?.ruling === 'maintained';
/** The decision upholds the cadre: revoked (撤销) or changed (变更). */
const rulingReverses = ({ event }: Args): boolean => {
  const ruling = decided(event)?.ruling;
  return ruling === 'revoked' || ruling === 'changed';
};

/** Once, before the deadline passes, by no more days than the policy allows (art. 96: 30). */
function extensionAllowed({ context, event }: Args): boolean {
  const e = extended(event);
  const appeal = context.recourse?.appeal;
  if (!e || !appeal || appeal.extension) return false;
  return (
    e.days <= context.policy.recourse.appealExtensionMaxDays && withinPeriod(event.at, appeal.decisionDue)
  );
}

export const recourseGuards = {
  withinRecoursePeriod,
  rulingMaintains,
  rulingReverses,
  extensionAllowed,
};

// ---- what the steps record ----

const who = (event: AnyStamped): Who => ({ at: event.at, by: event.actor });

/** The decision took effect: the period for 复核 or a direct 申诉 opens, counted from its date. */
export function openRecoursePeriod(context: RecourseSlice): Partial<RecourseSlice> {
  if (!context.decidedAt) return {};
  const period = periodAfter(context.decidedAt, context.policy.recourse.requestDays);
  return { recourse: { period }, deadlines: { recoursePeriod: period.endsAt } };
}

export function recordReviewRequest(context: RecourseSlice, event: AnyStamped): Partial<RecourseSlice> {
  const e = requested(event);
  if (!e || !context.recourse) return {};
  const decisionDue = periodAfter(e.at, context.policy.recourse.reviewDecisionDays);
  return {
    recourse: { ...context.recourse, review: { ...who(e), grounds: e.grounds, decisionDue } },
    deadlines: { reviewDecision: decisionDue.endsAt },
  };
}

export function recordAppeal(context: RecourseSlice, event: AnyStamped): Partial<RecourseSlice> {
  const e = filed(event);
  if (!e || !context.recourse) return {};
  const decisionDue = periodAfter(e.at, context.policy.recourse.appealDecisionDays);
  const appeal = {
    ...who(e),
    grounds: e.grounds,
    organ: e.organ,
    afterReview: context.recourse.review !== undefined,
    decisionDue,
  };
  return { recourse: { ...context.recourse, appeal }, deadlines: { appealDecision: decisionDue.endsAt } };
}

function decisionOf(event: AnyStamped): RecourseDecision | undefined {
  const e = decided(event);
  if (!e) return undefined;
  return { ruling: e.ruling, reasons: e.reasons, ...(e.change ? { change: e.change } : {}), ...who(e) };
}

/** The 复核 decided; maintained, the 15 days to 申诉 run from it. */
export function recordReviewDecision(context: RecourseSlice, event: AnyStamped): Partial<RecourseSlice> {
  const decision = decisionOf(event);
  const review = context.recourse?.review;
  if (!decision || !context.recourse || !review) return {};
  const reversal =
    decision.ruling === 'maintained' ? undefined : { on: 'review' as const, ruling: decision.ruling };
  const period =
    decision.ruling === 'maintained'
      ? periodAfter(decision.at, context.policy.recourse.appealAfterReviewDays)
      : context.recourse.period;
  return {
    recourse: {
      ...context.recourse,
      period,
      review: { ...review, decision },
      ...(reversal ? { reversal: { ...reversal, at: decision.at, by: decision.by } } : {}),
    },
    deadlines: reversal ? {} : { recoursePeriod: period.endsAt },
  };
}

export function recordAppealDecision(context: RecourseSlice, event: AnyStamped): Partial<RecourseSlice> {
  const decision = decisionOf(event);
  const appeal = context.recourse?.appeal;
  if (!decision || !context.recourse || !appeal) return {};
  const reversal =
    decision.ruling === 'maintained' ? undefined : { on: 'appeal' as const, ruling: decision.ruling };
  return {
    recourse: {
      ...context.recourse,
      appeal: { ...appeal, decision },
      ...(reversal ? { reversal: { ...reversal, at: decision.at, by: decision.by } } : {}),
    },
    deadlines: {},
  };
}

/** A complex 申诉: its deadline moves by the days granted. */
export function recordExtension(context: RecourseSlice, event: AnyStamped): Partial<RecourseSlice> {
  const e = extended(event);
  const appeal = context.recourse?.appeal;
  if (!e || !context.recourse || !appeal) return {};
  const decisionDue = extendedBy(appeal.decisionDue, e.days);
  return {
    recourse: {
      ...context.recourse,
      appeal: { ...appeal, decisionDue, extension: { ...who(e), days: e.days, grounds: e.grounds } },
    },
    deadlines: { appealDecision: decisionDue.endsAt },
  };
}

/** A decision deadline passed: the warning is recorded and its timer spent; the case still waits. */
export function recordOverdueWarning(
  context: RecourseSlice,
  event: AnyStamped,
  which: 'review' | 'appeal',
): Partial<RecourseSlice> {
  const pending = context.recourse?.[which];
  if (!context.recourse || !pending) return {};
  return {
    recourse: { ...context.recourse, [which]: { ...pending, overdueWarnedAt: event.at } },
    deadlines: {},
  };
}

const tell = (kind: string, to: 'organization_department' | 'department') =>
  ({ type: 'notify', params: { kind, to } }) as const;

/**
 * The states of recourse, for a track whose decision is open to it. `ended` is the final state once the
 * period passes unused or after a 复核 maintained; `maintainedOnAppeal` and `reversed` are the track's.
 */
export const recourseStates = {
  openToReview: {
    meta: {
      label: { zh: '决定生效（复核、申诉期内）', en: 'In effect; open to 复核 and 申诉' },
      timers: [
        {
          name: 'recoursePeriod',
          event: 'RECOURSE_PERIOD_ENDED',
          label: { zh: '申请复核、提出申诉期满', en: 'The period to apply for 复核 or 申诉 ends' },
        },
      ],
    },
    on: {
      RECOURSE_PERIOD_ENDED: { target: 'recourseEnded' },
      REVIEW_REQUESTED: {
        guard: 'withinRecoursePeriod',
        target: 'reviewPending',
        actions: ['recordReviewRequest', tell('review_requested', 'organization_department')],
      },
      APPEAL_FILED: {
        guard: 'withinRecoursePeriod',
        target: 'appealPending',
        actions: ['recordAppeal', tell('appeal_filed', 'organization_department')],
      },
    },
  },
  reviewPending: {
    meta: {
      label: { zh: '复核中（原决定照常执行）', en: '复核 pending; the decision stays in force' },
      timers: [
        {
          name: 'reviewDecision',
          event: 'REVIEW_DECISION_OVERDUE',
          label: { zh: '复核决定期限届满，逾期预警', en: '复核 decision deadline; warns when passed' },
        },
      ],
    },
    on: {
      REVIEW_DECISION_OVERDUE: {
        actions: ['recordReviewOverdue', tell('review_decision_overdue', 'organization_department')],
      },
      REVIEW_DECIDED: [
        {
          guard: 'rulingMaintains',
          target: 'maintainedOnReview',
          actions: ['recordReviewDecision', tell('review_maintained', 'department')],
        },
        { guard: 'rulingReverses', target: 'reversed', actions: ['recordReviewDecision'] },
      ],
    },
  },
  maintainedOnReview: {
    meta: {
      label: { zh: '复核维持原决定（申诉期内）', en: 'Maintained on 复核; open to 申诉' },
      timers: [
        {
          name: 'recoursePeriod',
          event: 'RECOURSE_PERIOD_ENDED',
          label: { zh: '复核后提出申诉期满', en: 'The period to 申诉 after the 复核 ends' },
        },
      ],
    },
    on: {
      RECOURSE_PERIOD_ENDED: { target: 'recourseEnded' },
      APPEAL_FILED: {
        guard: 'withinRecoursePeriod',
        target: 'appealPending',
        actions: ['recordAppeal', tell('appeal_filed', 'organization_department')],
      },
    },
  },
  appealPending: {
    meta: {
      label: { zh: '申诉处理中（原决定照常执行）', en: '申诉 pending; the decision stays in force' },
      timers: [
        {
          name: 'appealDecision',
          event: 'APPEAL_DECISION_OVERDUE',
          label: { zh: '申诉处理期限届满，逾期预警', en: '申诉 decision deadline; warns when passed' },
        },
      ],
    },
    on: {
      APPEAL_DECISION_OVERDUE: {
        actions: ['recordAppealOverdue', tell('appeal_decision_overdue', 'organization_department')],
      },
      APPEAL_EXTENDED: {
        guard: 'extensionAllowed',
        actions: ['recordExtension', tell('appeal_extended', 'department')],
      },
      APPEAL_DECIDED: [
        { guard: 'rulingMaintains', target: 'maintainedOnAppeal', actions: ['recordAppealDecision'] },
        { guard: 'rulingReverses', target: 'reversed', actions: ['recordAppealDecision'] },
      ],
    },
  },
} as const;
