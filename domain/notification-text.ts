import type { Track } from './case';
import { trackNames } from './tracks/names';

/**
 * What a notification says, in Chinese, and to whom: an office by its name, or the person by name — the
 * words the outbox and the gateway carry, never `review_opened` to a role. The kinds are those the
 * machines' `notify` effects name; a kind without its words here fails the test that walks every machine.
 */
export const notificationTitles: Record<string, string> = {
  evaluation_feedback: '民主测评结果反馈',
  vote_passed: '常委会讨论通过',
  publicity_started: '任前公示开始',
  publicity_closed: '任前公示期满',
  held_for_verification: '因举报暂停办理，待核查',
  personnel_change_effective: '职务变动生效',
  recommendation_participation_insufficient: '民主推荐参加人数不足',
  review_due_soon: '试用期考核即将到期',
  review_opened: '试用期满，请组织考核',
  review_overdue: '试用期考核逾期',
  appointed: '已任职',
  appointed_on_probation: '已任职，进入试用期',
  confirmed: '试用期满，正式任职',
  ended_early: '试用期提前结束',
  returned: '试用期考核不合格，免去试任职务',
  returned_after_review: '试用期考核不合格，免去试任职务',
  transferred: '已交流任职',
  effective: '处理决定已生效',
  not_approved: '常委会票决未通过',
  not_appointed: '举报核查属实，不予任用',
  no_candidate: '考察对象均已不能任用，未产生人选',
  not_substantiated: '经核实不予处理',
  withdrawn: '已撤回',
  publicity_closed_while_held: '公示期满，但有举报待核查',
  publicity_deadline_provisional: '节假日安排尚未公布，公示期限为暂定',
  publicity_deadline_recomputed: '节假日安排已载入，公示期限已重新计算',
  publicity_reopened_by_calendar: '节假日安排已载入，公示期延长',
  publicity_waived: '依规不予公示',
  vote_deferred: '常委会决定暂缓',
  vote_failed: '常委会表决未通过',
  vote_void_no_quorum: '到会人数不足，表决无效',
  // 复核 and 申诉 after a 降职 or 免职 (rules edition 4)
  recourse_open: '处理决定已生效，可在三十日内申请复核或提出申诉（复核、申诉期间不停止执行）',
  review_requested: '收到复核申请，请在三十日内作出复核决定',
  review_maintained: '复核决定维持原处理决定，可在十五日内提出申诉',
  appeal_filed: '收到申诉，请在六十日内作出处理决定',
  appeal_extended: '申诉案情复杂，处理期限已延长',
  review_decision_overdue: '复核决定逾期未作出',
  appeal_decision_overdue: '申诉处理决定逾期未作出',
  recourse_period_ended: '复核、申诉期满，处理决定不再变更',
  maintained_on_appeal: '申诉处理决定维持原处理决定',
  reversed: '原处理决定已撤销，恢复原职务',
  stage_overdue: '办理超期预警',
  stage_overdue_escalated: '办理超期，提级督办',
};

/** The offices a notice goes to, by the role the machine names (the department's, by its id). */
const offices: Record<string, (department: string) => string> = {
  organization_department: () => '组织部干部监督科',
  department: (department) => `${department} 人事部门`,
  committee: () => '党委（党组）办公室',
  operators: () => '系统值班人员',
  organization_department_leadership: () => '组织部分管领导',
};

export interface NotificationFacts {
  kind: string;
  to: string;
  /** The track's name (EffectCase carries it as a string). */
  track: string;
  department: string;
  caseId: string;
  /** For a notice to the person (民主测评结果反馈): who they are. */
  cadreName?: string;
  /** For a 预警: the stage (its Chinese name), overdue since (a China date), and the days it was given. */
  overdue?: { stage: string; since: string; expectedDays: number };
}

/** The addressee and the one-line subject of a notification. */
export function notificationText(facts: NotificationFacts): { addressee: string; subject: string } {
  const title = notificationTitles[facts.kind] ?? '案件办理情况通知';
  const caseRef = `${facts.department}/${facts.caseId}`;
  const track = trackNames[facts.track as Track]?.label.zh ?? '干部任用';
  if (facts.to === 'candidate') {
    const name = facts.cadreName ?? '考察对象';
    return { addressee: `${name}同志`, subject: `${name}同志：${title}（${track}案件 ${caseRef}）` };
  }
  const office = offices[facts.to]?.(facts.department) ?? '组织部门';
  const overdue = facts.overdue
    ? `：「${facts.overdue.stage}」阶段自 ${facts.overdue.since} 起超过预计办理期限（${facts.overdue.expectedDays} 天）`
    : '';
  return { addressee: office, subject: `【${title}】${track}案件 ${caseRef}${overdue}` };
}
