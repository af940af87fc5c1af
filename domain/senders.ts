import type { Actor, Track } from './case';
import type { Label } from './label';
import type { RulesEdition } from './rules-edition';
import type { DemotionEvent } from './tracks/demotion';
import type { ProbationEvent } from './tracks/probation';
import type { PromotionEvent } from './tracks/promotion';
import type { RotationEvent } from './tracks/rotation';

/**
 * Who may send each event of each track (DOMAIN.md: "anything from the wrong actor" is refused; issue 11,
 * "Roles"). This table is the one place that says it:
 * - the committee (常委会) records votes and nothing else — it starts no case either;
 * - a department (the unit's own system) reports the facts of its own cases: nominations, reports (举报),
 *   a problem found during probation (which only holds the case); the API keeps it to its own department;
 * - only the organization department (组织部门) concludes reviews, verifies reports and ends a case;
 * - the system (the workflow's own timers, and the calendar data the host loads) raises timer events.
 *
 * The machines' sender guard is derived from it (machines/fragments/senders.ts), the session refuses a
 * wrong sender in these words before anything else (workflows/session/case-session.ts), and the API lists
 * to each caller only the events its role may send (`sendableBy`). test/machines/roles-matrix.test.ts and
 * test/api/roles-matrix.test.ts walk every event × every role against it.
 */
export type SenderRole = Actor['role'];
export const senderRoles = ['organization_department', 'department', 'committee', 'system'] as const;

/** The roles as a refusal names them. */
const ROLE_NAMES: Record<SenderRole, Label> = {
  organization_department: { zh: '组织部门', en: 'the organization department' },
  department: { zh: '案件所属单位', en: "the case's own department" },
  committee: { zh: '常委会', en: 'the committee' },
  system: { zh: '系统（定时器）', en: "the service's own timer" },
};

interface SenderRule {
  senders: readonly SenderRole[];
  /** What the sender does, as the refusal says it: "只有常委会记录表决 · only the committee records a vote". */
  act: Label;
}

export interface EventSenders extends SenderRule {
  /** An edition that reads the event otherwise, with its own senders (it replaces the rule there). */
  underEdition?: Partial<Record<RulesEdition, SenderRule>>;
  /**
   * What the machines of earlier editions still accept besides, so that histories recorded then replay
   * (a machine's guards run again on replay). Never what a caller may do: the session refuses these
   * senders in every edition (`mayBeSentBy`), for every event received since the `sender-roles` patch.
   */
  legacyMachineSenders?: { throughEdition: RulesEdition; senders: readonly SenderRole[] };
}

const ORG = ['organization_department'] as const;
const FACTS = ['organization_department', 'department'] as const;
const COMMITTEE = ['committee'] as const;
const SYSTEM = ['system'] as const;

const org = (zh: string, en: string): EventSenders => ({ senders: ORG, act: { zh, en } });
const timer = (zh: string, en: string): EventSenders => ({ senders: SYSTEM, act: { zh, en } });

const shared = {
  VOTE_RECORDED: { senders: COMMITTEE, act: { zh: '记录表决', en: 'records a vote' } },
  REPORT_FILED: { senders: FACTS, act: { zh: '转来举报', en: 'files a report (举报)' } },
  VERIFICATION_CLEARED: org('作出核查结论', 'concludes a verification'),
  VERIFICATION_SUBSTANTIATED: org('作出核查结论', 'concludes a verification'),
  WITHDRAWN: org('撤回案件', 'withdraws a case'),
  CONSULTATION_CONCLUDED: org('作出征求意见结论', 'concludes a consultation'),
} as const satisfies Record<string, EventSenders>;

/** Timer events: raised by the case's own timers, never accepted from a caller (their schemas are not the API's). */
type TimerEvents = {
  promotion: 'INSPECTION_NOTICE_ELAPSED' | 'PUBLICITY_CLOSED';
  rotation: never;
  demotion: 'RECOURSE_PERIOD_ENDED' | 'REVIEW_DECISION_OVERDUE' | 'APPEAL_DECISION_OVERDUE';
  probation: 'PROBATION_EXPIRED' | 'REVIEW_REMINDER_DUE' | 'REVIEW_OVERDUE';
};
type EventsOf = {
  promotion: PromotionEvent['type'];
  rotation: RotationEvent['type'];
  demotion: DemotionEvent['type'];
  probation: ProbationEvent['type'];
};

/** Every event of every track, caller's and timer's: the compiler checks that none is left out. */
export const EVENT_SENDERS: { [T in Track]: Record<EventsOf[T] | TimerEvents[T], EventSenders> } = {
  promotion: {
    MOTION_ADOPTED: org('提出动议', 'adopts a motion'),
    NOMINATED: { senders: FACTS, act: { zh: '报送提名', en: 'reports a nomination' } },
    NOMINATION_CLOSED: org('结束提名', 'closes the nominations'),
    QUALIFICATION_REVIEWED: org('进行资格审查', 'reviews a qualification'),
    QUALIFICATION_REVIEW_CONCLUDED: org('结束资格审查', 'concludes the qualification review'),
    RECOMMENDATION_RECORDED: org('记录民主推荐结果', 'records the recommendation'),
    INSPECTION_CANDIDATES_CHOSEN: org('确定考察对象', 'chooses the candidates to inspect'),
    INSPECTION_NOTICE_PUBLISHED: org('发布考察预告', 'publishes the inspection notice'),
    EVALUATION_RECORDED: org('记录民主测评', 'records an evaluation'),
    INSPECTION_REPORTED: org('报告考察情况', 'reports an inspection'),
    INSPECTION_CONCLUDED: org('作出考察结论', 'concludes the inspection'),
    CONSULTATION_CONCLUDED: shared.CONSULTATION_CONCLUDED,
    FINALISTS_PRESENTED: org('记录陈述答辩', 'records the finalists’ presentation'),
    PROPOSAL_DELIBERATED: org('记录酝酿', 'records a deliberation (酝酿)'),
    PRE_VOTE_CHECK_RECORDED: org('记录“凡提四必”核查', 'records a 凡提四必 check'),
    VOTE_BRIEFING_FILED: org('提交表决说明', 'files the vote briefing'),
    MEASURE_RECORDED: org('记录诫勉、组织处理或处分', 'records a measure (诫勉, 组织处理, 处分)'),
    VOTE_RECORDED: shared.VOTE_RECORDED,
    PUBLICITY_STARTED: org('发布任前公示', 'starts the pre-appointment publicity'),
    PUBLICITY_WAIVED: org('免予公示', 'waives publicity'),
    CALENDAR_UPDATED: {
      senders: ['organization_department', 'system'],
      act: { zh: '载入节假日安排', en: 'loads holiday data' },
    },
    REPORT_FILED: shared.REPORT_FILED,
    VERIFICATION_CLEARED: shared.VERIFICATION_CLEARED,
    VERIFICATION_SUBSTANTIATED: shared.VERIFICATION_SUBSTANTIATED,
    APPOINTMENT_ISSUED: org('发出任职通知', 'issues the appointment notice'),
    APPOINTMENT_TALK_HELD: org('记录任职谈话', 'records the appointment talk'),
    NO_CANDIDATE_PRODUCED: org('以未产生人选结束案件', 'ends a case for want of a candidate'),
    RETURNED_TO_NOMINATION: org('退回提名', 'returns a case to nomination'),
    WITHDRAWN: shared.WITHDRAWN,
    INSPECTION_NOTICE_ELAPSED: timer('结束考察预告期', 'ends the inspection notice period'),
    PUBLICITY_CLOSED: timer('结束公示期', 'closes the publicity window'),
  },
  rotation: {
    ROTATION_PROPOSED: org('提出交流动议', 'proposes a rotation'),
    CONSULTATION_CONCLUDED: shared.CONSULTATION_CONCLUDED,
    VOTE_RECORDED: shared.VOTE_RECORDED,
    NOTICE_AND_TALK_HELD: org('记录通知和谈话', 'records the notice and talk'),
    REPORT_FILED: shared.REPORT_FILED,
    WITHDRAWN: shared.WITHDRAWN,
  },
  demotion: {
    TRIGGER_VERIFIED: org('作出核实结论', 'concludes the verification of the trigger'),
    TRIGGER_DISMISSED: org('作出核实结论', 'concludes the verification of the trigger'),
    TALK_HELD: org('记录谈话', 'records the talk'),
    OUTCOME_PROPOSED: org('提出处理意见', 'proposes the outcome'),
    VOTE_RECORDED: shared.VOTE_RECORDED,
    REPORT_FILED: shared.REPORT_FILED,
    WITHDRAWN: shared.WITHDRAWN,
    // The cadre's own request (复核, 申诉) reaches the case through their department's system or the
    // organization department, on the cadre's behalf: either may file it; the cadre is the applicant.
    REVIEW_REQUESTED: {
      senders: FACTS,
      act: { zh: '代干部本人提交复核申请', en: "files the cadre's request for 复核" },
    },
    APPEAL_FILED: {
      senders: FACTS,
      act: { zh: '代干部本人提交申诉', en: "files the cadre's 申诉 (appeal)" },
    },
    // The 复核 is the 原处理机关's; its organization department decides and records it.
    REVIEW_DECIDED: org('作出复核决定', 'decides the 复核'),
    // The 申诉 is heard by the civil-service authority at the same level (公务员法 2018 art. 95: 同级公务员
    // 主管部门, which is the organization department) or the organ above the one that decided. The table
    // has no role for a higher organ, and the committee records votes only: the organization department
    // records the decision, whichever organ took it (the event names the organ).
    APPEAL_EXTENDED: org('延长申诉处理期限', 'extends the 申诉 deadline'),
    APPEAL_DECIDED: org('记录申诉处理决定', 'records the 申诉 decision'),
    RECOURSE_PERIOD_ENDED: timer('结束复核、申诉期', 'ends the period for 复核 and 申诉'),
    REVIEW_DECISION_OVERDUE: timer('发出复核逾期预警', 'warns of an overdue 复核 decision'),
    APPEAL_DECISION_OVERDUE: timer('发出申诉逾期预警', 'warns of an overdue 申诉 decision'),
  },
  probation: {
    REVIEW_PASSED: org('作出试用期考核结论', 'concludes the probation review'),
    REVIEW_FAILED: org('作出试用期考核结论', 'concludes the probation review'),
    // From the second edition a finding only holds the case until the organization department verifies
    // it: a fact the cadre's own department may report. Under the first it returned the cadre at once,
    // which ends the case: the organization department's alone. Every edition's machine took it from any
    // sender (issue 11's defect); those machines keep that, for replay only.
    SERIOUS_PROBLEM_FOUND: {
      senders: FACTS,
      act: { zh: '报告试用期发现的问题', en: 'reports a problem found during probation' },
      underEdition: {
        1: {
          senders: ORG,
          act: { zh: '以发现严重问题结束试用期', en: 'ends a probation for a serious problem' },
        },
      },
      legacyMachineSenders: { throughEdition: 2, senders: senderRoles },
    },
    REPORT_FILED: shared.REPORT_FILED,
    VERIFICATION_CLEARED: shared.VERIFICATION_CLEARED,
    VERIFICATION_SUBSTANTIATED: shared.VERIFICATION_SUBSTANTIATED,
    PROBATION_EXPIRED: timer('结束试用期', 'ends the probation year'),
    REVIEW_REMINDER_DUE: timer('发出考核提醒', 'sends the review reminder'),
    REVIEW_OVERDUE: timer('发出逾期预警', 'escalates an overdue review'),
  },
};

function entryOf(track: Track, type: string): EventSenders | undefined {
  return (EVENT_SENDERS[track] as Record<string, EventSenders | undefined>)[type];
}

/** The rule for an event under an edition: whom it lets send, and what they do. */
function ruleOf(track: Track, type: string, edition: RulesEdition): SenderRule | undefined {
  const entry = entryOf(track, type);
  return entry && (entry.underEdition?.[edition] ?? entry);
}

/** Whether `role` may send the event (the rule, in every edition). An event the table lacks: nobody. */
export function mayBeSentBy(track: Track, type: string, role: unknown, edition: RulesEdition): boolean {
  return ruleOf(track, type, edition)?.senders.includes(role as SenderRole) ?? false;
}

/** What a track's machine accepts from `role`: the rule, plus what an earlier edition's machine took. */
export function machineAcceptsFrom(
  track: Track,
  type: string,
  role: unknown,
  edition: RulesEdition,
): boolean {
  if (mayBeSentBy(track, type, role, edition)) return true;
  const legacy = entryOf(track, type)?.legacyMachineSenders;
  return (
    legacy !== undefined && edition <= legacy.throughEdition && legacy.senders.includes(role as SenderRole)
  );
}

/** The roles that may send an event, for tables and tests. */
export const sendersOf = (track: Track, type: string, edition: RulesEdition): readonly SenderRole[] =>
  ruleOf(track, type, edition)?.senders ?? [];

/** Of the events legal now, those `role` may send: the legal events as that caller sees them. */
export const sendableBy = (
  track: Track,
  role: SenderRole,
  legalEvents: readonly string[],
  edition: RulesEdition,
): string[] => legalEvents.filter((type) => mayBeSentBy(track, type, role, edition));

/** "只有常委会记录表决 · only the committee records a vote": why a sender is refused, in both languages. */
export function senderRefusal(track: Track, type: string, edition: RulesEdition): Label {
  const rule = ruleOf(track, type, edition);
  if (!rule || rule.senders.length === 0)
    return { zh: '任何人都不能发送此事项', en: 'nobody may send this event' };
  const names = rule.senders.map((role) => ROLE_NAMES[role]);
  return {
    zh: `只有${names.map((n) => n.zh).join('或')}${rule.act.zh}`,
    en: `only ${names.map((n) => n.en).join(' or ')} ${rule.act.en}`,
  };
}

/** Who may start a case: the organization department and a department (its own); never the committee. */
export const mayStartCases = (role: SenderRole): boolean =>
  role === 'organization_department' || role === 'department';

export const START_REFUSAL: Label = {
  zh: '常委会只记录表决，不能启动案件',
  en: 'the committee records votes and nothing else: it cannot start a case',
};
